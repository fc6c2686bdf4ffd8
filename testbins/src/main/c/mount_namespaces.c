/*
 * Mount namespaces and unshare(2) as root: a child that unshares CLONE_NEWNS (or is cloned with
 * it) mounts and unmounts without the parent seeing it and stops seeing the parent's new mounts;
 * CLONE_NEWNS|CLONE_FS and bad flags are EINVAL, an unprivileged CLONE_NEWNS is EPERM;
 * unshare(CLONE_FS) and unshare(CLONE_FILES) end the sharing of a working directory and of a
 * descriptor table. Natively it runs in a private mount namespace of its own.
 * Usage: mount_namespaces DIR (an empty directory).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mount_test.h"

static char dir[4096];
static char stack[256 * 1024];

static const char *p(const char *name)
{
    return path_in(dir, name);
}

static const char *seen(const char *path)
{
    return access(path, F_OK) == 0 ? "seen" : errno_name(errno);
}

static void touch(const char *path)
{
    close(open(path, O_WRONLY | O_CREAT, 0644));
}

/* A pipe pair used as a baton between parent and child. */
static int to_child[2], to_parent[2];

static void hand(int *fds)
{
    write(fds[1], "x", 1);
}

static void await(int *fds)
{
    char c;
    read(fds[0], &c, 1);
}

static void reap(pid_t pid, const char *what)
{
    int status;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("%s ended badly: %x\n", what, status);
    }
}

static void unshared_child(void)
{
    mkdir(p("a"), 0755);
    mkdir(p("b"), 0755);
    mkdir(p("shared"), 0755);
    mount("none", p("shared"), "tmpfs", 0, NULL);
    touch(p("shared/old"));
    pipe(to_child);
    pipe(to_parent);
    pid_t pid = fork();
    if (pid == 0) {
        const char *r = result_name(unshare(CLONE_NEWNS));
        printf("child: unshare(CLONE_NEWNS): %s\n", r);
        r = result_name(mount("none", p("a"), "tmpfs", 0, NULL));
        printf("child: mount a: %s\n", r);
        touch(p("a/child-file"));
        hand(to_parent);
        await(to_child);
        printf("child: parent's b/parent-file: %s\n", seen(p("b/parent-file")));
        printf("child: shared/old after the parent unmounted it: %s\n", seen(p("shared/old")));
        r = result_name(umount(p("shared")));
        printf("child: umount shared: %s\n", r);
        hand(to_parent);
        _exit(0);
    }
    await(to_parent);
    printf("parent: child's a/child-file: %s\n", seen(p("a/child-file")));
    mount("none", p("b"), "tmpfs", 0, NULL);
    touch(p("b/parent-file"));
    const char *r = result_name(umount(p("shared")));
    printf("parent: umount shared: %s\n", r);
    hand(to_child);
    await(to_parent);
    reap(pid, "unsharing child");
    printf("parent: b/parent-file still: %s\n", seen(p("b/parent-file")));
}

static int cloned(void *arg)
{
    (void) arg;
    const char *r = result_name(mount("none", p("c"), "tmpfs", 0, NULL));
    printf("clone child: mount c: %s\n", r);
    touch(p("c/cloned"));
    printf("clone child: c/cloned: %s\n", seen(p("c/cloned")));
    return 0;
}

static void clone_newns(void)
{
    mkdir(p("c"), 0755);
    pid_t pid = clone(cloned, stack + sizeof stack, CLONE_NEWNS | SIGCHLD, NULL);
    const char *r = pid > 0 ? "OK" : errno_name(errno);
    reap(pid, "clone child");
    printf("clone(CLONE_NEWNS): %s\n", r);
    printf("parent: c/cloned: %s\n", seen(p("c/cloned")));
    pid = clone(cloned, stack + sizeof stack, CLONE_NEWNS | CLONE_FS | SIGCHLD, NULL);
    printf("clone(CLONE_NEWNS|CLONE_FS): %s\n", pid > 0 ? "OK" : errno_name(errno));
}

static void errors(void)
{
    printf("unshare(0x1): %s\n", result_name(unshare(0x1)));
    printf("unshare(0): %s\n", result_name(unshare(0)));
    pid_t pid = fork();
    if (pid == 0) {
        setuid(65534);
        printf("unprivileged unshare(CLONE_NEWNS): %s\n", result_name(unshare(CLONE_NEWNS)));
        printf("unprivileged unshare(CLONE_FS|CLONE_FILES): %s\n", result_name(unshare(CLONE_FS | CLONE_FILES)));
        _exit(0);
    }
    reap(pid, "unprivileged child");
}

static int chdir_child(void *arg)
{
    if (arg != NULL) {
        unshare(CLONE_FS);
    }
    chdir(p("a"));
    return 0;
}

static int open_child(void *arg)
{
    if (arg != NULL) {
        unshare(CLONE_FILES);
    }
    return open("/", O_RDONLY) < 0;
}

static void sharing(void)
{
    char cwd[4096];
    chdir(dir);
    pid_t pid = clone(chdir_child, stack + sizeof stack, CLONE_FS | SIGCHLD, NULL);
    reap(pid, "CLONE_FS child");
    getcwd(cwd, sizeof cwd);
    printf("CLONE_FS child's chdir moved the parent: %d\n", strcmp(cwd, p("a")) == 0);
    chdir(dir);
    pid = clone(chdir_child, stack + sizeof stack, CLONE_FS | SIGCHLD, "unshare");
    reap(pid, "unsharing CLONE_FS child");
    getcwd(cwd, sizeof cwd);
    printf("after unshare(CLONE_FS) it does not: %d\n", strcmp(cwd, dir) == 0);
    int probe = dup(0);
    close(probe);
    pid = clone(open_child, stack + sizeof stack, CLONE_FILES | SIGCHLD, NULL);
    reap(pid, "CLONE_FILES child");
    printf("CLONE_FILES child's open is the parent's: %d\n", fcntl(probe, F_GETFD) >= 0);
    close(probe);
    pid = clone(open_child, stack + sizeof stack, CLONE_FILES | SIGCHLD, "unshare");
    reap(pid, "unsharing CLONE_FILES child");
    printf("after unshare(CLONE_FILES) it is not: %d\n", fcntl(probe, F_GETFD) < 0);
}

int main(int argc, char **argv)
{
    int status = mount_test_start(argc, argv, dir, "mount_namespaces");
    if (status >= 0) {
        return status;
    }
    if (mount("none", dir, "tmpfs", 0, "mode=0755") != 0) {
        printf("mount tmpfs: %s\n", errno_name(errno));
        return 1;
    }
    unshared_child();
    clone_newns();
    errors();
    sharing();
    return 0;
}
