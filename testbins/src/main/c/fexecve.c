/*
 * execveat(fd, "", ..., AT_EMPTY_PATH) and fexecve(3): the file a descriptor is open on runs,
 * whether opened by path, with O_PATH, or a memfd with no name at all; a script through such a
 * descriptor gets /dev/fd/N as its path, and cannot run through a close-on-exec one (ENOENT).
 * Usage: fexecve HELLO ARGS, the paths of the hello and args test programs.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "zlxtest.h"

extern char **environ;

/* Runs execveat(fd, path, {label, NULL}, environ, flags) in a child; prints its fate. */
static void run(const char *label, int fd, const char *path, int flags)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = {(char *)label, NULL};
        syscall(SYS_execveat, fd, path, argv, environ, flags);
        printf("%s: execveat failed: %s\n", label, errno_name(errno));
        fflush(stdout);
        _exit(99);
    }
    int status;
    waitpid(pid, &status, 0);
    printf("%s: exit %d\n", label, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* A memfd holding a copy of the file at path. */
static int memfd_copy(const char *name, const char *path, unsigned flags)
{
    int fd = memfd_create(name, flags);
    if (fd < 0) {
        printf("memfd_create: %s\n", errno_name(errno));
        exit(1);
    }
    int in = open(path, O_RDONLY);
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        write(fd, buf, n);
    }
    close(in);
    return fd;
}

static int memfd_script(const char *interpreter, unsigned flags)
{
    int fd = memfd_create("script", flags);
    dprintf(fd, "#!%s\n", interpreter);
    return fd;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc != 3) {
        fprintf(stderr, "usage: fexecve HELLO ARGS\n");
        return 2;
    }
    const char *hello = argv[1];
    const char *args = argv[2];

    int fd = open(hello, O_RDONLY | O_CLOEXEC);
    run("by descriptor", fd, "", AT_EMPTY_PATH);
    run("empty path without AT_EMPTY_PATH", fd, "", 0);
    close(fd);
    fd = open(hello, O_PATH | O_CLOEXEC);
    run("O_PATH descriptor", fd, "", AT_EMPTY_PATH);
    close(fd);
    fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    run("a directory", fd, "", AT_EMPTY_PATH);
    close(fd);

    fd = memfd_copy("hello", hello, MFD_CLOEXEC);
    run("memfd", fd, "", AT_EMPTY_PATH);
    fchmod(fd, 0644);
    run("memfd without x", fd, "", AT_EMPTY_PATH);
    close(fd);

    /* The args program prints its argv: the script's path is /dev/fd/N. */
    fd = memfd_script(args, 0);
    char expect[32];
    snprintf(expect, sizeof expect, "/dev/fd/%d", fd);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *av[] = {"script", NULL};
        char *env[] = {NULL};
        syscall(SYS_execveat, fd, "", av, env, AT_EMPTY_PATH);
        printf("script: execveat failed: %s\n", errno_name(errno));
        _exit(99);
    }
    int status;
    waitpid(pid, &status, 0);
    printf("script through a descriptor: exit %d (its path was to be %s)\n", WEXITSTATUS(status), expect);
    close(fd);
    fd = memfd_script(args, MFD_CLOEXEC);
    run("script through a close-on-exec descriptor", fd, "", AT_EMPTY_PATH);
    close(fd);
    return 0;
}
