/*
 * mount(2), umount2(2), chroot(2) and pivot_root(2) as root: a tmpfs with options (size limit,
 * mode), bad options and types, remount read-only and back, bind mounts (read-only by remount),
 * umount of a busy mount (EBUSY) and MNT_DETACH, noexec/nodev/nosuid enforcement, propagation
 * changes, chroot (and EPERM without privilege), and a pivot_root whose effect the parent sees.
 * Natively it runs in a private mount namespace of its own. Usage: mounts DIR (an empty
 * directory). Prints "native mount not permitted" where the host refuses (no CAP_SYS_ADMIN).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mount_test.h"

#define TMPFS_MAGIC 0x01021994

static char dir[4096];

static const char *p(const char *name)
{
    return path_in(dir, name);
}

static const char *create(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        return errno_name(errno);
    }
    close(fd);
    return "OK";
}

static void tmpfs_with_options(void)
{
    mkdir(p("t"), 0755);
    printf("mount tmpfs size=64k,mode=0750: %s\n", result_name(mount("none", p("t"), "tmpfs", 0, "size=64k,mode=0750")));
    struct stat st;
    stat(p("t"), &st);
    struct statfs sf;
    statfs(p("t"), &sf);
    printf("  mode %o, f_type tmpfs %d, bytes %lld\n", (unsigned)(st.st_mode & 07777), sf.f_type == TMPFS_MAGIC,
           (long long)sf.f_blocks * sf.f_bsize);
    int fd = open(p("t/big"), O_WRONLY | O_CREAT, 0644);
    static char chunk[100 * 1024];
    long w = write(fd, chunk, sizeof chunk);
    printf("  write 100 KiB: %ld", w);
    printf(", then: %s\n", write(fd, chunk, 4096) < 0 ? errno_name(errno) : "wrote");
    close(fd);
    unlink(p("t/big"));
    printf("bad size: %s", result_name(mount("none", p("t"), "tmpfs", 0, "size=abc")));
    printf(", unknown option: %s", result_name(mount("none", p("t"), "tmpfs", 0, "colour=blue")));
    printf(", unknown type: %s", result_name(mount("none", p("t"), "nosuchfs", 0, NULL)));
    printf(", missing target: %s\n", result_name(mount("none", p("missing"), "tmpfs", 0, NULL)));

    printf("remount read-only: %s", result_name(mount(NULL, p("t"), NULL, MS_REMOUNT | MS_RDONLY, NULL)));
    statfs(p("t"), &sf);
    printf(", ST_RDONLY %d, create %s", (sf.f_flags & ST_RDONLY) != 0, create(p("t/x")));
    printf(", back to rw: %s", result_name(mount(NULL, p("t"), NULL, MS_REMOUNT, NULL)));
    printf(", create %s\n", create(p("t/x")));
    unlink(p("t/x"));

    printf("propagation private: %s", result_name(mount(NULL, p("t"), NULL, MS_PRIVATE, NULL)));
    printf(", two types: %s", result_name(mount(NULL, p("t"), NULL, MS_PRIVATE | MS_SHARED, NULL)));
    printf(", not a mount point: %s\n", result_name(mount(NULL, dir, NULL, MS_SLAVE, NULL)));

    fd = open(p("t/busy"), O_WRONLY | O_CREAT, 0644);
    printf("umount with a file open: %s", result_name(umount2(p("t"), 0)));
    close(fd);
    printf(", after close: %s", result_name(umount2(p("t"), 0)));
    printf(", again: %s\n", result_name(umount2(p("t"), 0)));
}

static void bind_mounts(void)
{
    mkdir(p("src"), 0755);
    mkdir(p("b"), 0755);
    create(p("src/f"));
    printf("bind: %s", result_name(mount(p("src"), p("b"), NULL, MS_BIND, NULL)));
    struct stat st;
    printf(", b/f %s", stat(p("b/f"), &st) == 0 ? "seen" : errno_name(errno));
    printf(", create b/g %s", create(p("b/g")));
    printf(", src/g %s\n", stat(p("src/g"), &st) == 0 ? "seen" : errno_name(errno));
    printf("remount bind read-only: %s", result_name(mount(NULL, p("b"), NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL)));
    printf(", create b/h %s, create src/h %s\n", create(p("b/h")), create(p("src/h")));
    int fd = open(p("b/f"), O_RDONLY);
    printf("umount busy bind: %s", result_name(umount2(p("b"), 0)));
    printf(", MNT_DETACH: %s", result_name(umount2(p("b"), MNT_DETACH)));
    char c;
    printf(", open file still reads: %s", read(fd, &c, 1) == 0 ? "OK" : errno_name(errno));
    printf(", b/f now %s\n", stat(p("b/f"), &st) == 0 ? "seen" : errno_name(errno));
    close(fd);
    printf("bad flags: %s\n", result_name(umount2(p("b"), 0x100)));
    unlink(p("src/f"));
    unlink(p("src/g"));
    unlink(p("src/h"));
}

static void noexec_nodev_nosuid(const char *self)
{
    mkdir(p("n"), 0755);
    printf("mount noexec,nodev,nosuid: %s\n",
           result_name(mount("none", p("n"), "tmpfs", MS_NOEXEC | MS_NODEV | MS_NOSUID, "mode=0755")));
    struct statfs sf;
    statfs(p("n"), &sf);
    printf("  ST_NOEXEC %d ST_NODEV %d ST_NOSUID %d\n", (sf.f_flags & ST_NOEXEC) != 0, (sf.f_flags & ST_NODEV) != 0,
           (sf.f_flags & ST_NOSUID) != 0);
    /* A copy of this program there: execve is refused, mmap with PROT_EXEC too. */
    int in = open(self, O_RDONLY);
    int out = open(p("n/prog"), O_WRONLY | O_CREAT, 0755);
    char buf[65536];
    ssize_t r;
    while ((r = read(in, buf, sizeof buf)) > 0) {
        write(out, buf, r);
    }
    close(in);
    close(out);
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = {"prog", NULL};
        execv(p("n/prog"), argv);
        printf("  execve on noexec: %s\n", errno_name(errno));
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    int fd = open(p("n/prog"), O_RDONLY);
    void *m = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
    printf("  mmap PROT_EXEC: %s", m == MAP_FAILED ? errno_name(errno) : "OK");
    m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
    printf(", PROT_READ: %s\n", m == MAP_FAILED ? errno_name(errno) : "OK");
    close(fd);
    printf("  mknod c 1 3: %s", result_name(mknod(p("n/null"), S_IFCHR | 0666, makedev(1, 3))));
    fd = open(p("n/null"), O_WRONLY);
    printf(", open it: %s\n", fd < 0 ? errno_name(errno) : "OK");
    if (fd >= 0) {
        close(fd);
    }
    unlink(p("n/null"));
    unlink(p("n/prog"));
    umount2(p("n"), 0);
}

static void chroots(void)
{
    mkdir(p("jail"), 0755);
    mkdir(p("jail/sub"), 0755);
    create(p("jail/inside"));
    pid_t pid = fork();
    if (pid == 0) {
        printf("chroot: %s", result_name(chroot(p("jail"))));
        struct stat st;
        printf(", /inside %s", stat("/inside", &st) == 0 ? "seen" : errno_name(errno));
        printf(", /sub/../../inside %s", stat("/sub/../../inside", &st) == 0 ? "seen" : errno_name(errno));
        printf(", chroot of a file: %s", result_name(chroot("/inside")));
        setuid(65534);
        printf(", unprivileged: %s\n", result_name(chroot("/sub")));
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    unlink(p("jail/inside"));
    rmdir(p("jail/sub"));
    rmdir(p("jail"));
}

/* Without privilege every change of the mount tree is EPERM, and nothing changes. */
static void unprivileged(void)
{
    mkdir(p("u"), 0777);
    mkdir(p("u/t"), 0777);
    mount("none", p("u"), "tmpfs", 0, "mode=0777");
    mkdir(p("u/t"), 0777);
    pid_t pid = fork();
    if (pid == 0) {
        setuid(65534);
        printf("unprivileged: mount %s", result_name(mount("none", p("u/t"), "tmpfs", 0, NULL)));
        printf(", bind %s", result_name(mount(p("u"), p("u/t"), NULL, MS_BIND, NULL)));
        printf(", remount %s", result_name(mount(NULL, p("u"), NULL, MS_REMOUNT | MS_RDONLY, NULL)));
        printf(", umount %s", result_name(umount2(p("u"), 0)));
        printf(", detach %s", result_name(umount2(p("u"), MNT_DETACH)));
        printf(", pivot_root %s\n", result_name((int)syscall(SYS_pivot_root, p("u"), p("u/t"))));
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    struct statfs sf;
    statfs(p("u"), &sf);
    printf("  still a writable tmpfs: %d\n", sf.f_type == TMPFS_MAGIC && (sf.f_flags & ST_RDONLY) == 0);
    umount2(p("u"), 0);
}

/* Last: the whole namespace (parent included) gets the new root. */
static void pivot(void)
{
    mkdir(p("nr"), 0755);
    mount("none", p("nr"), "tmpfs", 0, "mode=0755");
    mkdir(p("nr/old"), 0755);
    create(p("nr/hello"));
    printf("pivot_root onto a non-mount: %s", result_name((int)syscall(SYS_pivot_root, dir, p("nr/old"))));
    printf(", put_old outside: %s", result_name((int)syscall(SYS_pivot_root, p("nr"), dir)));
    pid_t pid = fork();
    if (pid == 0) {
        printf(", pivot_root: %s", result_name((int)syscall(SYS_pivot_root, p("nr"), p("nr/old"))));
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    struct stat st;
    chdir("/");
    printf("; parent sees /hello %s", stat("/hello", &st) == 0 ? "yes" : errno_name(errno));
    char old_src[4200];
    snprintf(old_src, sizeof old_src, "/old%s/src", dir);
    printf(", old tree under /old: %s", stat(old_src, &st) == 0 ? "yes" : errno_name(errno));
    printf(", umount /old detached: %s", result_name(umount2("/old", MNT_DETACH)));
    printf(", /old empty: %s\n", rmdir("/old") == 0 ? "removed" : errno_name(errno));
}

int main(int argc, char **argv)
{
    int status = mount_test_start(argc, argv, dir, "mounts");
    if (status >= 0) {
        return status;
    }
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = 0;
    tmpfs_with_options();
    bind_mounts();
    noexec_nodev_nosuid(self);
    chroots();
    unprivileged();
    pivot();
    return 0;
}
