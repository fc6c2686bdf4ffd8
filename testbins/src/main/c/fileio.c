/*
 * File I/O in the directory given as argv[1]: create, write, read back, stat, rename,
 * unlink (then ENOENT), mkdir/rmdir and a sorted directory listing. Prints each step;
 * exits 1 on the first unexpected result, 2 on bad usage.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/xattr.h>

#include "zlxtest.h"

static char path_a[4096], path_b[4096], path_d[4096];

static void fail(const char *what)
{
    printf("FAIL: %s (%s)\n", what, errno_name(errno));
    exit(1);
}

static const char *type_of(mode_t m)
{
    if (S_ISREG(m)) return "regular";
    if (S_ISDIR(m)) return "directory";
    if (S_ISLNK(m)) return "symlink";
    if (S_ISFIFO(m)) return "fifo";
    if (S_ISSOCK(m)) return "socket";
    return "other";
}

static int cmp(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static void list_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) fail("opendir");
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64)
        names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    printf("listing:");
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

/* An open file keeps its attributes when unlinked (tmpfile(3)) or renamed. */
static void open_file_outlives_its_name(void)
{
    int fd = open(path_a, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0) fail("open for unlink");
    if (unlink(path_a) != 0) fail("unlink open file");
    write(fd, "12345", 5);
    struct stat st;
    printf("unlinked open file: fstat %s", fstat(fd, &st) == 0 ? "OK" : errno_name(errno));
    printf(", size %lld, nlink %ld", (long long)st.st_size, (long)st.st_nlink);
    printf(", ftruncate %s", ftruncate(fd, 2) == 0 ? "OK" : errno_name(errno));
    fstat(fd, &st);
    printf(", size now %lld\n", (long long)st.st_size);
    close(fd);

    fd = open(path_a, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0) fail("open for rename");
    if (rename(path_a, path_b) != 0) fail("rename open file");
    write(fd, "abc", 3);
    printf("renamed open file: fstat %s", fstat(fd, &st) == 0 ? "OK" : errno_name(errno));
    printf(", size %lld, nlink %ld\n", (long long)st.st_size, (long)st.st_nlink);
    close(fd);
    unlink(path_b);
}

/* mknod of the node types a host directory takes from anyone: regular file, FIFO, socket. */
static void nodes_in_a_host_directory(void)
{
    static const struct {
        const char *name;
        mode_t type;
    } kinds[] = {{"regular", S_IFREG}, {"fifo", S_IFIFO}, {"socket", S_IFSOCK}};
    for (int i = 0; i < 3; i++) {
        int r = mknod(path_a, kinds[i].type | 0640, 0);
        struct stat st;
        lstat(path_a, &st);
        printf("mknod %s: %s, type %s, mode %o\n", kinds[i].name, r == 0 ? "OK" : errno_name(errno),
               type_of(st.st_mode), (unsigned)(st.st_mode & 0777));
        unlink(path_a);
    }
}

/* user.* extended attributes and RENAME_EXCHANGE on a host directory. */
static void xattrs_and_exchange(void)
{
    int fd = open(path_a, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, "A", 1);
    close(fd);
    fd = open(path_b, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, "B", 1);
    close(fd);
    int r = setxattr(path_a, "user.colour", "blue", 4, XATTR_CREATE);
    printf("setxattr user.colour: %s", r == 0 ? "OK" : errno_name(errno));
    printf(", again with XATTR_CREATE: %s",
           setxattr(path_a, "user.colour", "red", 3, XATTR_CREATE) == 0 ? "OK" : errno_name(errno));
    char value[16] = {0};
    ssize_t n = getxattr(path_a, "user.colour", value, sizeof value);
    printf(", get: %s", n < 0 ? errno_name(errno) : value);
    printf(", replace missing: %s",
           setxattr(path_a, "user.size", "1", 1, XATTR_REPLACE) == 0 ? "OK" : errno_name(errno));
    printf(", remove: %s", removexattr(path_a, "user.colour") == 0 ? "OK" : errno_name(errno));
    printf(", remove again: %s\n", removexattr(path_a, "user.colour") == 0 ? "OK" : errno_name(errno));
    r = (int)syscall(SYS_renameat2, AT_FDCWD, path_a, AT_FDCWD, path_b, 2 /* RENAME_EXCHANGE */);
    char a = 0, b = 0;
    fd = open(path_a, O_RDONLY);
    read(fd, &a, 1);
    close(fd);
    fd = open(path_b, O_RDONLY);
    read(fd, &b, 1);
    close(fd);
    printf("RENAME_EXCHANGE: %s, a.txt has %c, b.txt has %c\n", r == 0 ? "OK" : errno_name(errno), a, b);
    unlink(path_a);
    unlink(path_b);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fileio DIR\n");
        return 2;
    }
    snprintf(path_a, sizeof path_a, "%s/a.txt", argv[1]);
    snprintf(path_b, sizeof path_b, "%s/b.txt", argv[1]);
    snprintf(path_d, sizeof path_d, "%s/sub", argv[1]);

    static const char text[] = "The quick brown fox jumps over the lazy dog.\n";
    int fd = open(path_a, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) fail("open for write");
    printf("create: OK\n");
    for (int i = 0; i < 100; i++)
        if (write(fd, text, sizeof text - 1) != (ssize_t)(sizeof text - 1)) fail("write");
    if (pwrite(fd, "THE", 3, 0) != 3) fail("pwrite");
    if (close(fd) != 0) fail("close");
    printf("write: %zu bytes\n", 100 * (sizeof text - 1));

    fd = open(path_a, O_RDONLY);
    if (fd < 0) fail("open for read");
    char buf[8192];
    ssize_t total = 0, r;
    while ((r = read(fd, buf + total, sizeof buf - total)) > 0)
        total += r;
    if (r < 0) fail("read");
    int same = memcmp(buf, "THE quick", 9) == 0 && memcmp(buf + 45, text, 45) == 0;
    printf("read: %zd bytes, content %s\n", total, same ? "matches" : "DIFFERS");
    off_t end = lseek(fd, 0, SEEK_END);
    printf("lseek end: %lld\n", (long long)end);
    struct stat st;
    if (fstat(fd, &st) != 0) fail("fstat");
    printf("fstat: size=%lld type=%s mode=%o\n", (long long)st.st_size, type_of(st.st_mode),
           (unsigned)(st.st_mode & 0777));
    close(fd);

    if (stat(path_a, &st) != 0) fail("stat");
    printf("stat: size=%lld type=%s\n", (long long)st.st_size, type_of(st.st_mode));

    if (rename(path_a, path_b) != 0) fail("rename");
    printf("rename: OK\n");
    printf("stat old name: %s\n", stat(path_a, &st) == 0 ? "exists" : errno_name(errno));
    printf("stat new name: %s size=%lld\n", stat(path_b, &st) == 0 ? "OK" : errno_name(errno),
           (long long)st.st_size);

    if (mkdir(path_d, 0755) != 0) fail("mkdir");
    printf("mkdir: OK\n");
    if (stat(path_d, &st) != 0) fail("stat dir");
    printf("stat dir: type=%s mode=%o\n", type_of(st.st_mode), (unsigned)(st.st_mode & 0777));
    printf("mkdir again: %s\n", mkdir(path_d, 0755) == 0 ? "OK" : errno_name(errno));
    list_dir(argv[1]);

    if (unlink(path_b) != 0) fail("unlink");
    printf("unlink: OK\n");
    printf("stat after unlink: %s\n", stat(path_b, &st) == 0 ? "exists" : errno_name(errno));
    printf("open after unlink: %s\n", open(path_b, O_RDONLY) >= 0 ? "opened" : errno_name(errno));
    printf("unlink again: %s\n", unlink(path_b) == 0 ? "OK" : errno_name(errno));

    if (rmdir(path_d) != 0) fail("rmdir");
    printf("rmdir: OK\n");
    printf("stat after rmdir: %s\n", stat(path_d, &st) == 0 ? "exists" : errno_name(errno));
    list_dir(argv[1]);
    open_file_outlives_its_name();
    nodes_in_a_host_directory();
    xattrs_and_exchange();
    printf("fileio: done\n");
    return 0;
}
