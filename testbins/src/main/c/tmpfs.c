/*
 * POSIX semantics of a tmpfs directory (argv[1], e.g. /dev/shm): sparse files, truncate, hard
 * links, directory link counts and sizes, rename over entries with Linux's errors, unlinked
 * files that stay open, O_APPEND, symlinks, FIFOs and device nodes, times in nanoseconds,
 * xattrs, readdir while entries go, statfs. Prints nothing that differs between two tmpfs
 * mounts (no inode or device numbers, no current times).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>
#include "zlxtest.h"

static struct stat st_of(const char *path)
{
    struct stat st;
    memset(&st, 0, sizeof st);
    if (lstat(path, &st) != 0) {
        printf("lstat %s: %s\n", path, errno_name(errno));
    }
    return st;
}

static void show_file(const char *path)
{
    struct stat st = st_of(path);
    printf("%s: mode %o nlink %ld size %ld blocks %ld\n", path, st.st_mode, (long)st.st_nlink,
           (long)st.st_size, (long)st.st_blocks);
}

static void put(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, text, strlen(text));
    close(fd);
}

static void sparse_and_truncate(void)
{
    int fd = open("sparse", O_RDWR | O_CREAT | O_EXCL, 0600);
    pwrite(fd, "x", 1, 1 << 20);
    show_file("sparse");
    printf("SEEK_DATA 0 -> %ld\n", (long)lseek(fd, 0, SEEK_DATA));
    printf("SEEK_HOLE 0 -> %ld\n", (long)lseek(fd, 0, SEEK_HOLE));
    printf("SEEK_HOLE 1M -> %ld\n", (long)lseek(fd, 1 << 20, SEEK_HOLE));
    report("SEEK_DATA at end", lseek(fd, (1 << 20) + 1, SEEK_DATA));
    char buf[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    printf("hole reads %ld bytes, first %d\n", (long)pread(fd, buf, 8, 4096), buf[0]);
    char page[8192];
    memset(page, 'a', sizeof page);
    pwrite(fd, page, sizeof page, 0);
    ftruncate(fd, 100);
    show_file("sparse");
    ftruncate(fd, 8192);
    buf[0] = 1;
    pread(fd, buf, 1, 100);
    printf("after shrink and grow: byte 99 '%c', byte 100 %d\n", (pread(fd, buf + 1, 1, 99), buf[1]), buf[0]);
    show_file("sparse");
    report("ftruncate negative", ftruncate(fd, -1));
    close(fd);
    unlink("sparse");
}

static void links_and_directories(void)
{
    put("a", "hello");
    report("link a b", link("a", "b"));
    struct stat a = st_of("a"), b = st_of("b");
    printf("same inode: %s, nlink %ld\n", a.st_ino == b.st_ino ? "yes" : "no", (long)b.st_nlink);
    report("link a b again", link("a", "b"));
    unlink("a");
    show_file("b");
    report("mkdir d", mkdir("d", 0755));
    report("mkdir d/s1", mkdir("d/s1", 0755));
    report("mkdir d/s2", mkdir("d/s2", 0700));
    put("d/f", "f");
    show_file("d");
    report("link a directory", link("d", "dlink"));
    report("rmdir non-empty", rmdir("d"));
    report("rmdir a file", rmdir("d/f"));
    report("unlink a directory", unlink("d/s1"));
    report("mkdir existing", mkdir("d/s1", 0755));
    report("rmdir d/s1", rmdir("d/s1"));
    show_file("d");
    struct stat s1 = st_of("d"), s2 = st_of("d/s2"), s3 = st_of("d/f"), s4 = st_of("b");
    printf("inodes distinct: %s\n", s1.st_ino != s2.st_ino && s2.st_ino != s3.st_ino && s3.st_ino != s4.st_ino
           && s1.st_ino != s4.st_ino ? "yes" : "no");
}

static void renames(void)
{
    put("r1", "one");
    put("r2", "two");
    report("rename file over file", rename("r1", "r2"));
    char buf[8] = {0};
    int fd = open("r2", O_RDONLY);
    read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("r2 holds '%s', r1 %s\n", buf, access("r1", F_OK) == 0 ? "exists" : "is gone");
    mkdir("e1", 0755);
    mkdir("e2", 0755);
    mkdir("full", 0755);
    mkdir("full/x", 0755);
    report("rename file over dir", rename("r2", "e2"));
    report("rename dir over file", rename("e2", "r2"));
    report("rename dir over non-empty dir", rename("e1", "full"));
    report("rename dir into itself", rename("full", "full/x/y"));
    report("rename missing", rename("missing", "r3"));
    report("rename dir over empty dir", rename("e1", "e2"));
    printf("e1 %s\n", access("e1", F_OK) == 0 ? "exists" : "is gone");
    report("rename dir into another", rename("e2", "full/moved"));
    show_file("full");
    show_file(".");
    link("r2", "r2link");
    report("rename onto own hard link", rename("r2", "r2link"));
    printf("r2 %s\n", access("r2", F_OK) == 0 ? "still exists" : "is gone");
    report("renameat2 NOREPLACE over existing", syscall(SYS_renameat2, AT_FDCWD, "r2", AT_FDCWD, "r2link", 1 /* RENAME_NOREPLACE */));
    rmdir("full/moved");
    rmdir("full/x");
    rmdir("full");
    unlink("r2");
    unlink("r2link");
}

static void unlinked_open_and_append(void)
{
    int fd = open("u", O_RDWR | O_CREAT, 0600);
    write(fd, "before ", 7);
    unlink("u");
    write(fd, "after", 5);
    struct stat st;
    fstat(fd, &st);
    printf("unlinked: nlink %ld size %ld\n", (long)st.st_nlink, (long)st.st_size);
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n > 0) {
        target[n] = 0;
        printf("fd link ends in ' (deleted)': %s\n", n > 10 && strcmp(target + n - 10, " (deleted)") == 0 ? "yes" : "no");
    }
    char buf[32] = {0};
    pread(fd, buf, sizeof buf - 1, 0);
    printf("reads '%s'\n", buf);
    close(fd);

    put("log", "0123456789");
    int ap = open("log", O_WRONLY | O_APPEND);
    lseek(ap, 2, SEEK_SET);
    write(ap, "ab", 2);
    printf("append position %ld\n", (long)lseek(ap, 0, SEEK_CUR));
    pwrite(ap, "cd", 2, 0);
    close(ap);
    fd = open("log", O_RDONLY);
    memset(buf, 0, sizeof buf);
    read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("log '%s'\n", buf);
    report("write to O_RDONLY", (fd = open("log", O_RDONLY), write(fd, "x", 1)));
    close(fd);
    fd = open("log", O_WRONLY | O_TRUNC);
    close(fd);
    show_file("log");
    unlink("log");
}

static void special_files(void)
{
    report("symlink", symlink("target/of/link", "sl"));
    char buf[64] = {0};
    printf("readlink '%.*s'\n", (int)readlink("sl", buf, sizeof buf), buf);
    show_file("sl");
    report("open symlink O_NOFOLLOW", open("sl", O_RDONLY | O_NOFOLLOW));
    report("mkfifo", mkfifo("fifo", 0640));
    show_file("fifo");
    report("open fifo O_WRONLY|O_NONBLOCK without reader", open("fifo", O_WRONLY | O_NONBLOCK));
    int r = open("fifo", O_RDONLY | O_NONBLOCK);
    int w = open("fifo", O_WRONLY | O_NONBLOCK);
    write(w, "through the fifo", 16);
    memset(buf, 0, sizeof buf);
    read(r, buf, sizeof buf - 1);
    printf("fifo carried '%s'\n", buf);
    close(w);
    close(r);
    int rw = open("fifo", O_RDWR);
    write(rw, "x", 1);
    printf("O_RDWR fifo reads %ld\n", (long)read(rw, buf, sizeof buf));
    close(rw);
    if (mknod("chr", S_IFCHR | 0600, makedev(1, 3)) == 0) {
        struct stat st = st_of("chr");
        printf("chr: mode %o rdev %u:%u\n", st.st_mode, major(st.st_rdev), minor(st.st_rdev));
        unlink("chr");
    } else {
        printf("mknod chr: %s\n", errno_name(errno));
    }
    report("mknod regular", mknod("plain", S_IFREG | 0600, 0));
    show_file("plain");
    report("mknod directory type", mknod("dir", S_IFDIR | 0600, 0));
    unlink("sl");
    unlink("fifo");
    unlink("plain");
}

static void times_and_modes(void)
{
    put("t", "x");
    struct timespec ts[2] = {{1000, 5}, {2000, 7}};
    report("utimensat", utimensat(AT_FDCWD, "t", ts, 0));
    struct stat st = st_of("t");
    printf("atime %ld.%09ld mtime %ld.%09ld\n", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    int fd = open("t", O_RDWR);
    char c;
    read(fd, &c, 1);
    struct stat after_read = st_of("t");
    printf("read moved atime: %s, kept mtime: %s\n", after_read.st_atim.tv_sec > 1000 ? "yes" : "no",
           after_read.st_mtim.tv_sec == 2000 ? "yes" : "no");
    write(fd, "y", 1);
    struct stat after_write = st_of("t");
    printf("write moved mtime: %s, ctime == mtime: %s\n", after_write.st_mtim.tv_sec > 2000 ? "yes" : "no",
           after_write.st_mtim.tv_sec == after_write.st_ctim.tv_sec ? "yes" : "no");
    close(fd);
    utimensat(AT_FDCWD, "t", ts, 0);
    report("chmod 4751", chmod("t", 04751));
    struct stat after_chmod = st_of("t");
    printf("mode %o, chmod kept mtime: %s, moved ctime: %s\n", after_chmod.st_mode,
           after_chmod.st_mtim.tv_sec == 2000 ? "yes" : "no", after_chmod.st_ctim.tv_sec > 2000 ? "yes" : "no");
    report("chown to self", chown("t", getuid(), getgid()));
    printf("mode after chown %o\n", st_of("t").st_mode);
    struct stat dir_before = st_of(".");
    struct timespec old[2] = {{3000, 0}, {3000, 0}};
    utimensat(AT_FDCWD, ".", old, 0);
    put("t2", "z");
    dir_before = st_of(".");
    printf("create moved directory mtime: %s\n", dir_before.st_mtim.tv_sec > 3000 ? "yes" : "no");
    unlink("t");
    unlink("t2");
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void xattrs(void)
{
    put("x", "x");
    report("setxattr user.a", setxattr("x", "user.a", "1", 1, 0));
    report("setxattr user.a XATTR_CREATE", setxattr("x", "user.a", "2", 1, XATTR_CREATE));
    report("setxattr user.b XATTR_REPLACE", setxattr("x", "user.b", "2", 1, XATTR_REPLACE));
    report("setxattr user.b", setxattr("x", "user.b", "bee", 3, XATTR_CREATE));
    report("setxattr user.a XATTR_REPLACE", setxattr("x", "user.a", "AA", 2, XATTR_REPLACE));
    char v[16] = {0};
    long n = getxattr("x", "user.a", v, sizeof v);
    printf("user.a = '%.*s' (%ld)\n", (int)n, v, n);
    printf("user.b size %ld\n", (long)getxattr("x", "user.b", NULL, 0));
    report("getxattr small buffer", getxattr("x", "user.b", v, 1));
    char list[256];
    long len = listxattr("x", list, sizeof list);
    char *names[16];
    int count = 0;
    for (long i = 0; i < len && count < 16; i += strlen(list + i) + 1) {
        names[count++] = list + i;
    }
    qsort(names, count, sizeof names[0], cmp);
    for (int i = 0; i < count; i++) {
        printf("listed %s\n", names[i]);
    }
    report("removexattr user.a", removexattr("x", "user.a"));
    report("removexattr user.a again", removexattr("x", "user.a"));
    report("getxattr removed", getxattr("x", "user.a", v, sizeof v));
    report("setxattr unknown namespace", setxattr("x", "bogus.a", "1", 1, 0));
    symlink("x", "xl");
    report("lsetxattr user.* on a symlink", lsetxattr("xl", "user.a", "1", 1, 0));
    report("setxattr bad flags", setxattr("x", "user.c", "1", 1, 4));
    mkdir("xd", 0755);
    report("setxattr user.* on a directory", setxattr("xd", "user.d", "1", 1, 0));
    rmdir("xd");
    unlink("xl");
    unlink("x");
}

static void readdir_while_unlinking(void)
{
    mkdir("many", 0755);
    char name[300];
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "many/f%02d", i);
        put(name, "");
    }
    DIR *d = opendir("many");
    int seen[40] = {0};
    int dups = 0, dots = 0;
    for (int k = 0; k < 12; k++) {
        struct dirent *e = readdir(d);
        int i;
        if (sscanf(e->d_name, "f%d", &i) == 1) {
            dups += seen[i]++;
        } else {
            dots++;
        }
    }
    /* Remove every entry with an even number that was not read yet. */
    for (int i = 0; i < 40; i += 2) {
        if (!seen[i]) {
            snprintf(name, sizeof name, "many/f%02d", i);
            unlink(name);
            seen[i] = -1;
        }
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        int i;
        if (sscanf(e->d_name, "f%d", &i) == 1) {
            if (seen[i] > 0) {
                dups++;
            }
            if (seen[i] >= 0) {
                seen[i]++;
            }
        } else {
            dots++;
        }
    }
    closedir(d);
    int missing = 0;
    for (int i = 0; i < 40; i++) {
        missing += seen[i] == 0;
    }
    printf("readdir: %d duplicates, %d kept entries missed, %d dot entries\n", dups, missing, dots);
    d = opendir("many");
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.') {
            snprintf(name, sizeof name, "many/%s", e->d_name);
            unlink(name);
        }
    }
    closedir(d);
    show_file("many");
    rmdir("many");
}

int main(int argc, char **argv)
{
    umask(022);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tmpfs-test.%d", argc > 1 ? argv[1] : "/dev/shm", (int)getpid());
    if (mkdir(dir, 0755) != 0 || chdir(dir) != 0) {
        printf("cannot use %s: %s\n", dir, errno_name(errno));
        return 1;
    }
    struct statfs sf;
    statfs(".", &sf);
    printf("statfs: type %lx bsize %ld namelen %ld\n", (long)sf.f_type, (long)sf.f_bsize, (long)sf.f_namelen);
    show_file(".");
    sparse_and_truncate();
    links_and_directories();
    renames();
    unlinked_open_and_append();
    special_files();
    times_and_modes();
    xattrs();
    readdir_while_unlinking();
    unlink("b");
    unlink("d/f");
    rmdir("d/s2");
    rmdir("d");
    show_file(".");
    chdir("/");
    report("rmdir test directory", rmdir(dir));
    printf("tmpfs: done\n");
    return 0;
}
