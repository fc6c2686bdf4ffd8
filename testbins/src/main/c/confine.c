/*
 * Confinement: a guest whose root is a host directory, with a bind mount of another host
 * directory at /vol and a tmpfs at /tmp, tries to get out, and prints what each try gives:
 * ".." past / (chdir, openat from a deep dirfd, fchdir), absolute and relative symlinks that
 * point out (made inside, and planted by the host: /abs-out names the host path of the
 * directory that holds the secret, /rel-out climbs with ../..), /proc/self/root and
 * /proc/self/cwd and /proc/self/fd tricks, openat2 RESOLVE_BENEATH and RESOLVE_IN_ROOT,
 * link(2) and rename(2) between the mounts (EXDEV), files created through "..", the classic
 * chroot escape as root, then mount, umount, pivot_root, chroot and unshare after dropping
 * privilege (setuid to 1000, or capset to nothing as uid 0): EPERM.
 *
 * Under zlx: zlx run --rootfs ROOT -v VOL:/vol --tmpfs /tmp -- /confine
 * Natively:  ROOT/confine --native ROOT VOL, which makes the same root itself, as root: a
 * private mount namespace, ROOT bound on itself, VOL bound at ROOT/vol, a tmpfs at ROOT/tmp,
 * proc at ROOT/proc, then pivot_root into ROOT and the old root detached, so that nothing
 * outside ROOT is reachable (a chroot alone could be left by its own root).
 *
 * The secret the guest looks for is named "secret.txt" and lives next to ROOT on the host.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include "zlxtest.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef SYS_pivot_root
#define SYS_pivot_root __NR_pivot_root
#endif
/* include/uapi/linux/openat2.h, which musl's headers do not carry. */
struct open_how {
    unsigned long long flags;
    unsigned long long mode;
    unsigned long long resolve;
};
#define RESOLVE_BENEATH 0x08
#define RESOLVE_IN_ROOT 0x10

/* include/uapi/linux/capability.h: version 3 takes two data structs. */
struct cap_header {
    unsigned int version;
    int pid;
};
struct cap_data {
    unsigned int effective, permitted, inheritable;
};
#define CAP_VERSION_3 0x20080522

static struct stat root_st;

/* "same as /" when st is the root directory, else what it is. */
static const char *which(const struct stat *st)
{
    return st->st_dev == root_st.st_dev && st->st_ino == root_st.st_ino ? "the root" : "another directory";
}

/* Opens path and prints its first line, or the errno. */
static void try_read(const char *label, int dirfd, const char *path)
{
    int fd = openat(dirfd, path, O_RDONLY);
    if (fd < 0) {
        printf("%s: %s\n", label, errno_name(errno));
        return;
    }
    char buf[128] = {0};
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 0) {
        printf("%s: read %s\n", label, errno_name(errno));
        return;
    }
    buf[strcspn(buf, "\n")] = 0;
    printf("%s: read \"%s\"\n", label, buf);
}

/* Where a directory path leads: the root, another directory, or the errno. */
static void try_dir(const char *label, int dirfd, const char *path)
{
    struct stat st;
    if (fstatat(dirfd, path, &st, 0) != 0) {
        printf("%s: %s\n", label, errno_name(errno));
        return;
    }
    printf("%s: %s\n", label, which(&st));
}

static void show_cwd(const char *label)
{
    char buf[4096];
    printf("%s: cwd %s\n", label, getcwd(buf, sizeof buf) ? buf : errno_name(errno));
}

static void show_link(const char *path)
{
    char buf[4096];
    ssize_t n = readlink(path, buf, sizeof buf - 1);
    if (n < 0) {
        printf("readlink %s: %s\n", path, errno_name(errno));
        return;
    }
    buf[n] = 0;
    printf("readlink %s: %s\n", path, buf);
}

static void create(const char *label, const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    printf("%s: %s\n", label, fd < 0 ? errno_name(errno) : "OK");
    if (fd >= 0) {
        write(fd, "made by the guest\n", 18);
        close(fd);
    }
}

static void dotdot(void)
{
    printf("== .. past the root\n");
    printf("chdir /..: %s\n", result_name(chdir("/..")));
    show_cwd("after chdir /..");
    try_dir("stat /../../..", AT_FDCWD, "/../../..");
    try_read("open /../secret.txt", AT_FDCWD, "/../secret.txt");
    try_read("open ../../../../secret.txt from /", AT_FDCWD, "../../../../secret.txt");
    int deep = open("/sub/dir", O_RDONLY | O_DIRECTORY);
    try_dir("openat(/sub/dir, ../../../..)", deep, "../../../..");
    try_read("openat(/sub/dir, ../../../secret.txt)", deep, "../../../secret.txt");
    printf("fchdir /sub/dir: %s\n", result_name(fchdir(deep)));
    for (int i = 0; i < 6; i++) {
        chdir("..");
    }
    show_cwd("after 6 x chdir ..");
    try_read("open secret.txt there", AT_FDCWD, "secret.txt");
    try_read("open etc/inside there", AT_FDCWD, "etc/inside");
    close(deep);
    int vol = open("/vol", O_RDONLY | O_DIRECTORY);
    try_dir("openat(/vol, ../..)", vol, "../..");
    try_read("openat(/vol, ../secret.txt)", vol, "../secret.txt");
    close(vol);
    chdir("/");
}

static void symlinks(void)
{
    printf("== symlinks pointing out\n");
    char target[4096];
    ssize_t n = readlink("/abs-out", target, sizeof target - 1);
    printf("readlink /abs-out: %s\n", n > 0 && target[0] == '/' ? "an absolute host path" : errno_name(errno));
    show_link("/rel-out");
    try_read("open /abs-out/secret.txt (host-planted absolute)", AT_FDCWD, "/abs-out/secret.txt");
    try_read("open /rel-out/secret.txt (host-planted relative)", AT_FDCWD, "/rel-out/secret.txt");
    try_dir("stat /rel-out", AT_FDCWD, "/rel-out");
    try_read("open /secret-link (host-planted, to the file)", AT_FDCWD, "/secret-link");
    printf("symlink /tmp/up -> ../../../..: %s\n", result_name(symlink("../../../..", "/tmp/up")));
    printf("symlink /tmp/abs -> /..: %s\n", result_name(symlink("/..", "/tmp/abs")));
    printf("symlink /vol/out -> ../../../secret.txt: %s\n",
           result_name(symlink("../../../secret.txt", "/vol/out")));
    try_dir("stat /tmp/up", AT_FDCWD, "/tmp/up");
    try_dir("stat /tmp/abs", AT_FDCWD, "/tmp/abs");
    try_read("open /tmp/up/secret.txt", AT_FDCWD, "/tmp/up/secret.txt");
    try_read("open /tmp/up/etc/inside", AT_FDCWD, "/tmp/up/etc/inside");
    try_read("open /vol/out", AT_FDCWD, "/vol/out");
    create("create /abs-out/new (through a host-planted link)", "/abs-out/new");
    create("create /rel-out/created-via-rel-out", "/rel-out/created-via-rel-out");
    create("create /tmp/up/created-via-up", "/tmp/up/created-via-up");
    create("create /../created-via-dotdot", "/../created-via-dotdot");
    printf("mkdir /rel-out/../../dir-via-rel-out: %s\n", result_name(mkdir("/rel-out/../../dir-via-rel-out", 0755)));
}

static void proc_links(void)
{
    printf("== /proc/self tricks\n");
    show_link("/proc/self/root");
    try_dir("stat /proc/self/root/../..", AT_FDCWD, "/proc/self/root/../..");
    try_read("open /proc/self/root/../secret.txt", AT_FDCWD, "/proc/self/root/../secret.txt");
    chdir("/sub");
    show_link("/proc/self/cwd");
    try_dir("stat /proc/self/cwd/../../..", AT_FDCWD, "/proc/self/cwd/../../..");
    try_read("open /proc/self/cwd/../../secret.txt", AT_FDCWD, "/proc/self/cwd/../../secret.txt");
    chdir("/");
    int vol = open("/vol", O_RDONLY | O_DIRECTORY);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", vol);
    printf("readlink /proc/self/fd/VOL: ");
    fflush(stdout);
    char buf[256];
    ssize_t n = readlink(path, buf, sizeof buf - 1);
    printf("%s\n", n < 0 ? errno_name(errno) : (buf[n] = 0, buf));
    snprintf(path, sizeof path, "/proc/self/fd/%d/../../secret.txt", vol);
    try_read("open /proc/self/fd/VOL/../../secret.txt", AT_FDCWD, path);
    snprintf(path, sizeof path, "/proc/self/fd/%d/../..", vol);
    try_dir("stat /proc/self/fd/VOL/../..", AT_FDCWD, path);
    close(vol);
    create("create /proc/self/root/../created-via-proc", "/proc/self/root/../created-via-proc");
}

static long open2(int dirfd, const char *path, unsigned long long resolve)
{
    struct open_how how = {.flags = O_RDONLY, .resolve = resolve};
    return syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}

static void show_open2(const char *label, int dirfd, const char *path, unsigned long long resolve)
{
    long fd = open2(dirfd, path, resolve);
    if (fd < 0) {
        printf("%s: %s\n", label, errno_name(errno));
        return;
    }
    struct stat st;
    fstat(fd, &st);
    printf("%s: OK, %s\n", label, S_ISDIR(st.st_mode) ? which(&st) : "a file");
    close(fd);
}

static void resolve_flags(void)
{
    printf("== openat2\n");
    int sub = open("/sub", O_RDONLY | O_DIRECTORY);
    show_open2("BENEATH ../etc/inside from /sub", sub, "../etc/inside", RESOLVE_BENEATH);
    show_open2("BENEATH /etc/inside from /sub", sub, "/etc/inside", RESOLVE_BENEATH);
    show_open2("BENEATH dir/../../.. from /sub", sub, "dir/../../..", RESOLVE_BENEATH);
    show_open2("BENEATH dir from /sub", sub, "dir", RESOLVE_BENEATH);
    show_open2("IN_ROOT /../../etc/inside from /sub", sub, "/../../etc/inside", RESOLVE_IN_ROOT);
    show_open2("IN_ROOT ../../.. from /sub", sub, "../../..", RESOLVE_IN_ROOT);
    show_open2("IN_ROOT dir/up-link from /sub", sub, "dir/up-link", RESOLVE_IN_ROOT);
    show_open2("IN_ROOT dir/up-link/inside-sub from /sub", sub, "dir/up-link/inside-sub", RESOLVE_IN_ROOT);
    show_open2("no RESOLVE dir/up-link/etc/inside from /sub", sub, "dir/up-link/etc/inside", 0);
    show_open2("BENEATH dir/up-link from /sub", sub, "dir/up-link", RESOLVE_BENEATH);
    int root = open("/", O_RDONLY | O_DIRECTORY);
    show_open2("IN_ROOT /rel-out/secret.txt from /", root, "/rel-out/secret.txt", RESOLVE_IN_ROOT);
    show_open2("IN_ROOT /proc/self/root/.. from /", root, "/proc/self/root/..", RESOLVE_IN_ROOT);
    close(root);
    close(sub);
}

static void across_mounts(void)
{
    printf("== link and rename across mounts\n");
    printf("link /vol/v -> /v-link: %s\n", result_name(link("/vol/v", "/v-link")));
    printf("link /vol/v -> /tmp/v-link: %s\n", result_name(link("/vol/v", "/tmp/v-link")));
    printf("link /etc/inside -> /vol/inside-link: %s\n", result_name(link("/etc/inside", "/vol/inside-link")));
    printf("link /vol/v -> /vol/v-link: %s\n", result_name(link("/vol/v", "/vol/v-link")));
    printf("rename /vol/v -> /v-moved: %s\n", result_name(rename("/vol/v", "/v-moved")));
    printf("rename /vol/v -> /tmp/v-moved: %s\n", result_name(rename("/vol/v", "/tmp/v-moved")));
    printf("rename /etc/inside -> /vol/inside: %s\n", result_name(rename("/etc/inside", "/vol/inside")));
    printf("rename /vol -> /vol-moved (a mount point): %s\n", result_name(rename("/vol", "/vol-moved")));
    printf("rename /tmp -> /tmp2 (a mount point): %s\n", result_name(rename("/tmp", "/tmp2")));
    printf("rmdir /vol (a mount point): %s\n", result_name(rmdir("/vol")));
    printf("rename /vol/v-link -> /vol/v-renamed: %s\n", result_name(rename("/vol/v-link", "/vol/v-renamed")));
    printf("linkat /abs-out (AT_SYMLINK_FOLLOW) -> /abs-link: %s\n",
           result_name(linkat(AT_FDCWD, "/abs-out", AT_FDCWD, "/abs-link", AT_SYMLINK_FOLLOW)));
    printf("linkat /secret-link (AT_SYMLINK_FOLLOW) -> /tmp/secret: %s\n",
           result_name(linkat(AT_FDCWD, "/secret-link", AT_FDCWD, "/tmp/secret", AT_SYMLINK_FOLLOW)));
}

/* As root: chroot into a subdirectory, climb out with "..", chroot there: still the same root. */
static void chroot_escape(void)
{
    printf("== chroot escape as root\n");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int outer = open("/", O_RDONLY | O_DIRECTORY);
        printf("chroot /sub/dir: %s\n", result_name(chroot("/sub/dir")));
        try_read("open /etc/inside in the chroot", AT_FDCWD, "/etc/inside");
        printf("fchdir to the outer root: %s\n", result_name(fchdir(outer)));
        char cwd[256];
        long n = syscall(SYS_getcwd, cwd, sizeof cwd);
        printf("getcwd(2) there: %s\n", n < 0 ? errno_name(errno) : cwd);
        for (int i = 0; i < 10; i++) {
            chdir("..");
        }
        printf("chroot . after 10 x chdir ..: %s\n", result_name(chroot(".")));
        try_dir("stat / now", AT_FDCWD, "/");
        try_read("open /secret.txt", AT_FDCWD, "/secret.txt");
        try_read("open /etc/inside", AT_FDCWD, "/etc/inside");
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
}

static void privileged_calls(void)
{
    printf("mount --bind / /sub: %s\n", result_name(mount("/", "/sub", NULL, MS_BIND, NULL)));
    printf("mount --bind /vol /sub: %s\n", result_name(mount("/vol", "/sub", NULL, MS_BIND | MS_REC, NULL)));
    printf("mount -t tmpfs /sub: %s\n", result_name(mount("none", "/sub", "tmpfs", 0, NULL)));
    printf("mount -o remount,rw /vol: %s\n", result_name(mount(NULL, "/vol", NULL, MS_REMOUNT | MS_BIND, NULL)));
    printf("mount --make-shared /: %s\n", result_name(mount(NULL, "/", NULL, MS_SHARED, NULL)));
    printf("umount /vol: %s\n", result_name(umount("/vol")));
    printf("umount2 /tmp MNT_DETACH: %s\n", result_name(umount2("/tmp", MNT_DETACH)));
    printf("umount /proc: %s\n", result_name(umount("/proc")));
    printf("pivot_root / /sub: %s\n", result_name((int)syscall(SYS_pivot_root, "/", "/sub")));
    printf("chroot /sub: %s\n", result_name(chroot("/sub")));
    printf("unshare CLONE_NEWNS: %s\n", result_name(unshare(CLONE_NEWNS)));
    printf("mknod /dev-null-copy: %s\n", result_name(mknod("/dev-null-copy", S_IFCHR | 0666, makedev(1, 3))));
}

/* In a child: drop privilege one way, then try what needs CAP_SYS_ADMIN or CAP_SYS_CHROOT. */
static void unprivileged(const char *how, int by_setuid)
{
    printf("== %s\n", how);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (by_setuid) {
            printf("setgid 1000: %s\n", result_name(setgid(1000)));
            printf("setuid 1000: %s\n", result_name(setuid(1000)));
        } else {
            struct cap_header h = {CAP_VERSION_3, 0};
            struct cap_data d[2];
            memset(d, 0, sizeof d);
            int r = (int)syscall(SYS_capset, &h, d);
            printf("capset to none: %s\n", result_name(r));
            printf("uid %d\n", (int)getuid());
            if (r != 0) {
                _exit(0); /* still privileged: the calls below would prove nothing */
            }
        }
        privileged_calls();
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
}

/* The root the guest gets under zlx, made natively; exits on failure. */
static void native_root(const char *root, const char *vol)
{
    char path[4200];
    if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0
        || mount(root, root, NULL, MS_BIND | MS_REC, NULL) != 0
        || mount(vol, path_in(root, "vol"), NULL, MS_BIND, NULL) != 0
        || mount("tmpfs", path_in(root, "tmp"), "tmpfs", 0, NULL) != 0
        || mount("proc", path_in(root, "proc"), "proc", 0, NULL) != 0) {
        perror("confine: native setup");
        exit(2);
    }
    snprintf(path, sizeof path, "%s/old-root", root);
    if (mkdir(path, 0700) != 0 || chdir(root) != 0 || syscall(SYS_pivot_root, ".", "old-root") != 0
        || umount2("/old-root", MNT_DETACH) != 0 || rmdir("/old-root") != 0 || chdir("/") != 0) {
        perror("confine: native pivot_root");
        exit(2);
    }
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 4 && strcmp(argv[1], "--native") == 0) {
        native_root(argv[2], argv[3]);
    } else if (argc != 1) {
        fprintf(stderr, "usage: confine | confine --native ROOT VOL\n");
        return 2;
    }
    if (stat("/", &root_st) != 0) {
        perror("stat /");
        return 2;
    }
    dotdot();
    symlinks();
    proc_links();
    resolve_flags();
    across_mounts();
    chroot_escape();
    unprivileged("after setuid 1000", 1);
    unprivileged("as uid 0 without capabilities", 0);
    printf("== done\n");
    return 0;
}
