/*
 * open(O_TMPFILE) on a tmpfs (/dev/shm): an unnamed file (nlink 0, "/dev/shm/#INO (deleted)"
 * in /proc/self/fd), named later with linkat(AT_EMPTY_PATH) or through /proc/self/fd with
 * AT_SYMLINK_FOLLOW, never with O_EXCL; the flag combinations Linux refuses.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "zlxtest.h"

static void describe(int fd)
{
    struct stat st;
    fstat(fd, &st);
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    target[n > 0 ? n : 0] = 0;
    int named = strncmp(target, "/dev/shm/#", 10) == 0 && strstr(target, " (deleted)") != NULL;
    printf("  nlink %ld, mode %o, size %lld, fd link as Linux names it: %d\n", (long)st.st_nlink,
           (unsigned)(st.st_mode & 07777), (long long)st.st_size, named);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    umask(022);
    char name[64], name2[64], name3[64];
    snprintf(name, sizeof name, "/dev/shm/tmpfile-%d", (int)getpid());
    snprintf(name2, sizeof name2, "/dev/shm/tmpfile2-%d", (int)getpid());
    snprintf(name3, sizeof name3, "/dev/shm/tmpfile3-%d", (int)getpid());

    int fd = open("/dev/shm", O_TMPFILE | O_RDWR, 0666);
    printf("O_TMPFILE|O_RDWR: %s\n", fd >= 0 ? "OK" : errno_name(errno));
    write(fd, "hello", 5);
    describe(fd);
    printf("linkat AT_EMPTY_PATH: %s\n", result_name(linkat(fd, "", AT_FDCWD, name, AT_EMPTY_PATH)));
    describe(fd);
    char buf[8] = {0};
    int byname = open(name, O_RDONLY);
    read(byname, buf, 5);
    close(byname);
    printf("  read by name: %s\n", buf);
    printf("link again: %s\n", result_name(linkat(fd, "", AT_FDCWD, name2, AT_EMPTY_PATH)));
    describe(fd);
    close(fd);
    unlink(name);
    unlink(name2);

    fd = open("/dev/shm", O_TMPFILE | O_WRONLY | O_EXCL, 0600);
    printf("O_TMPFILE|O_EXCL: %s", fd >= 0 ? "OK" : errno_name(errno));
    printf(", linkat: %s", result_name(linkat(fd, "", AT_FDCWD, name, AT_EMPTY_PATH)));
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    printf(", through /proc: %s\n", result_name(linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW)));
    close(fd);

    fd = open("/dev/shm", O_TMPFILE | O_WRONLY, 0600);
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    printf("linkat through /proc/self/fd, AT_SYMLINK_FOLLOW: %s\n",
           result_name(linkat(AT_FDCWD, proc, AT_FDCWD, name3, AT_SYMLINK_FOLLOW)));
    describe(fd);
    close(fd);
    unlink(name3);

    printf("O_TMPFILE|O_RDONLY: %s", open("/dev/shm", O_TMPFILE | O_RDONLY, 0600) >= 0 ? "OK" : errno_name(errno));
    printf(", O_TMPFILE|O_CREAT: %s",
           open("/dev/shm", O_TMPFILE | O_CREAT | O_RDWR, 0600) >= 0 ? "OK" : errno_name(errno));
    printf(", on a missing directory: %s\n",
           open("/dev/shm/none/x", O_TMPFILE | O_RDWR, 0600) >= 0 ? "OK" : errno_name(errno));
    return 0;
}
