/*
 * What root sets on files of a host directory (hostfs under zlx) and sees back: chown to other
 * users and groups, chmod 0 and set-ID bits, lchown of a symlink, device nodes made with mknod
 * (c 1 3 opens as /dev/null, c 0 0 is overlayfs's whiteout and has no driver), trusted.* and
 * user.* attributes (also on a symlink and on a directory, as overlayfs's opaque mark),
 * O_TMPFILE named with linkat. Run as root; argument: an empty directory to work in.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>
#include "zlxtest.h"

static const char *rc(int r)
{
    return r >= 0 ? "OK" : errno_name(errno);
}

static void show(const char *what, const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        printf("%s: lstat %s\n", what, errno_name(errno));
        return;
    }
    printf("%s: uid %u gid %u mode %o", what, (unsigned)st.st_uid, (unsigned)st.st_gid, (unsigned)st.st_mode);
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
        printf(" rdev %u:%u", major(st.st_rdev), minor(st.st_rdev));
    }
    if (S_ISREG(st.st_mode)) {
        printf(" size %lld", (long long)st.st_size);
    }
    printf("\n");
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char **)a, *(const char **)b);
}

/* The attribute names of path (not following a symlink), sorted. */
static void names(const char *what, const char *path)
{
    char buf[4096];
    ssize_t n = llistxattr(path, buf, sizeof buf);
    if (n < 0) {
        printf("%s: llistxattr %s\n", what, errno_name(errno));
        return;
    }
    const char *list[64];
    int count = 0;
    for (char *p = buf; p < buf + n && count < 64; p += strlen(p) + 1) {
        list[count++] = p;
    }
    qsort(list, count, sizeof list[0], by_name);
    printf("%s:", what);
    for (int i = 0; i < count; i++) {
        printf(" %s", list[i]);
    }
    printf("\n");
}

static void value(const char *what, const char *path, const char *name)
{
    char buf[64];
    ssize_t n = lgetxattr(path, name, buf, sizeof buf - 1);
    if (n < 0) {
        printf("%s: %s\n", what, errno_name(errno));
        return;
    }
    buf[n] = 0;
    printf("%s: '%s'\n", what, buf);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 2 || chdir(argv[1]) != 0) {
        fprintf(stderr, "usage: hostown EMPTY-DIRECTORY\n");
        return 2;
    }
    umask(022);

    close(open("f", O_CREAT | O_WRONLY, 0644));
    show("new file", "f");
    printf("chown 1234:5678: %s\n", rc(chown("f", 1234, 5678)));
    show("  then", "f");
    printf("chown -1:99: %s\n", rc(chown("f", -1, 99)));
    show("  then", "f");
    printf("chmod 0: %s\n", rc(chmod("f", 0)));
    show("  then", "f");
    int fd = open("f", O_RDWR);
    printf("  root opens it: %s\n", rc(fd));
    printf("  writes: %s\n", rc(write(fd, "abc", 3)));
    close(fd);
    show("  then", "f");
    printf("chmod 6755: %s\n", rc(chmod("f", 06755)));
    show("  then", "f");
    printf("chown 0:0 clears set-ID: %s\n", rc(chown("f", 0, 0)));
    show("  then", "f");
    printf("fchown 7:8: %s\n", rc(fchown(fd = open("f", O_RDONLY), 7, 8)));
    struct stat st;
    fstat(fd, &st);
    printf("  fstat: uid %u gid %u mode %o\n", (unsigned)st.st_uid, (unsigned)st.st_gid, (unsigned)st.st_mode);
    close(fd);

    printf("mkdir d: %s\n", rc(mkdir("d", 0755)));
    printf("chown d 42:43: %s\n", rc(chown("d", 42, 43)));
    printf("chmod d 2770: %s\n", rc(chmod("d", 02770)));
    show("  d", "d");
    close(open("d/inside", O_CREAT | O_WRONLY, 0600));
    show("  file in set-group-ID d", "d/inside");
    printf("mkdir d/sub: %s\n", rc(mkdir("d/sub", 0700)));
    show("  d/sub", "d/sub");

    printf("symlink s: %s\n", rc(symlink("f", "s")));
    printf("lchown s 11:12: %s\n", rc(lchown("s", 11, 12)));
    show("  s", "s");
    show("  f (not followed)", "f");

    printf("mknod c 1 3: %s\n", rc(mknod("nul", S_IFCHR | 0666, makedev(1, 3))));
    show("  nul", "nul");
    fd = open("nul", O_RDWR);
    printf("  open: %s\n", rc(fd));
    char buf[16];
    printf("  write 3: %zd\n", write(fd, "abc", 3));
    printf("  read: %zd\n", read(fd, buf, sizeof buf));
    close(fd);
    printf("chown nul 5:6: %s\n", rc(chown("nul", 5, 6)));
    show("  nul", "nul");
    printf("mknod c 0 0 (whiteout): %s\n", rc(mknod("wh", S_IFCHR, makedev(0, 0))));
    show("  wh", "wh");
    printf("  open: %s\n", rc(open("wh", O_RDONLY)));
    printf("mknod b 8 1: %s\n", rc(mknod("blk", S_IFBLK | 0600, makedev(8, 1))));
    show("  blk", "blk");
    printf("mknod p: %s\n", rc(mknod("fifo", S_IFIFO | 0640, 0)));
    printf("chown fifo 3:4: %s\n", rc(chown("fifo", 3, 4)));
    show("  fifo", "fifo");
    printf("rename nul to nul2: %s\n", rc(rename("nul", "nul2")));
    show("  nul2", "nul2");

    printf("setxattr f trusted.x: %s\n", rc(setxattr("f", "trusted.x", "tv", 2, 0)));
    printf("setxattr f user.y: %s\n", rc(setxattr("f", "user.y", "uv", 2, 0)));
    printf("setxattr f security.z: %s\n", rc(setxattr("f", "security.z", "sv", 2, 0)));
    printf("setxattr f trusted.x CREATE: %s\n", rc(setxattr("f", "trusted.x", "tw", 2, XATTR_CREATE)));
    printf("setxattr f other.x: %s\n", rc(setxattr("f", "other.x", "o", 1, 0)));
    value("  trusted.x", "f", "trusted.x");
    value("  user.y", "f", "user.y");
    value("  security.z", "f", "security.z");
    names("  names", "f");
    printf("removexattr trusted.x: %s\n", rc(removexattr("f", "trusted.x")));
    printf("removexattr trusted.x again: %s\n", rc(removexattr("f", "trusted.x")));
    names("  names", "f");
    printf("setxattr d trusted.overlay.opaque: %s\n", rc(setxattr("d", "trusted.overlay.opaque", "y", 1, 0)));
    value("  d trusted.overlay.opaque", "d", "trusted.overlay.opaque");
    names("  d names", "d");
    printf("lsetxattr s trusted.t: %s\n", rc(lsetxattr("s", "trusted.t", "st", 2, 0)));
    printf("lsetxattr s user.u: %s\n", rc(lsetxattr("s", "user.u", "su", 2, 0)));
    value("  s trusted.t", "s", "trusted.t");
    names("  s names", "s");
    printf("setxattr nul2 user.u: %s\n", rc(setxattr("nul2", "user.u", "x", 1, 0)));
    printf("setxattr nul2 trusted.t: %s\n", rc(setxattr("nul2", "trusted.t", "x", 1, 0)));
    names("  nul2 names", "nul2");

    fd = open(".", O_TMPFILE | O_RDWR, 0640);
    printf("O_TMPFILE: %s\n", rc(fd));
    if (fd >= 0) {
        printf("  write: %zd\n", write(fd, "hello", 5));
        fstat(fd, &st);
        printf("  fstat: nlink %ld mode %o size %lld\n", (long)st.st_nlink, (unsigned)st.st_mode, (long long)st.st_size);
        printf("  fchown 21:22: %s\n", rc(fchown(fd, 21, 22)));
        printf("  linkat AT_EMPTY_PATH: %s\n", rc(linkat(fd, "", AT_FDCWD, "named", AT_EMPTY_PATH)));
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
        printf("  linkat /proc/self/fd: %s\n", rc(linkat(AT_FDCWD, proc, AT_FDCWD, "named2", AT_SYMLINK_FOLLOW)));
        close(fd);
        show("  named", "named");
        show("  named2", "named2");
        fd = open("named", O_RDONLY);
        memset(buf, 0, sizeof buf);
        read(fd, buf, sizeof buf - 1);
        printf("  reads: %s\n", buf);
        close(fd);
    }
    printf("hostown: done\n");
    return 0;
}
