/*
 * Sticky directories (only the entry's or the directory's owner, or root, may remove or rename
 * an entry: EPERM) and renameat2(RENAME_EXCHANGE) (atomic swap of two entries of any types,
 * across directories with their link counts, ENOENT, EINVAL for a swap into one's own subtree or
 * with RENAME_NOREPLACE), on the tmpfs /dev/shm. Runs as root; the unprivileged part in a child.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "zlxtest.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#endif

static char base[64];

static const char *p(const char *name)
{
    static char buf[4][128];
    static int n;
    char *b = buf[n++ % 4];
    snprintf(b, sizeof buf[0], "%s/%s", base, name);
    return b;
}

static const char *rc(long r)
{
    return r == 0 ? "OK" : errno_name(errno);
}

static long rename2(const char *from, const char *to, unsigned flags)
{
    return syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
}

static void put(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    write(fd, text, strlen(text));
    close(fd);
}

static const char *get(const char *path)
{
    static char buf[4][32];
    static int n;
    char *b = buf[n++ % 4];
    memset(b, 0, 32);
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return errno_name(errno);
    }
    read(fd, b, 31);
    close(fd);
    return b;
}

static long links(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_nlink : -1;
}

static void sticky(void)
{
    mkdir(p("sticky"), 0);
    chmod(p("sticky"), 01777);
    mkdir(p("open"), 0);
    chmod(p("open"), 0777);
    put(p("sticky/roots"), "r");
    put(p("open/roots"), "r");
    pid_t pid = fork();
    if (pid == 0) {
        setuid(65534);
        printf("sticky: unlink root's file %s", rc(unlink(p("sticky/roots"))));
        printf(", rename it %s", rc(rename(p("sticky/roots"), p("sticky/mine"))));
        put(p("sticky/own"), "o");
        printf(", own file: rename %s", rc(rename(p("sticky/own"), p("sticky/own2"))));
        printf(", unlink %s", rc(unlink(p("sticky/own2"))));
        put(p("sticky/own3"), "o");
        printf(", replace root's file with it %s\n", rc(rename(p("sticky/own3"), p("sticky/roots"))));
        printf("not sticky: unlink root's file %s\n", rc(unlink(p("open/roots"))));
        unlink(p("sticky/own3"));
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    printf("root in the sticky directory: unlink %s\n", rc(unlink(p("sticky/roots"))));
    rmdir(p("sticky"));
    rmdir(p("open"));
}

/* Search (x) permission on every directory of a path: EACCES without it, listing needs r. */
static void search_permission(void)
{
    mkdir(p("closed"), 0700);
    mkdir(p("searchonly"), 0711);
    put(p("closed/f"), "c");
    put(p("searchonly/f"), "s");
    pid_t pid = fork();
    if (pid == 0) {
        setuid(65534);
        struct stat st;
        printf("nobody: stat in a 700 directory %s", stat(p("closed/f"), &st) == 0 ? "OK" : errno_name(errno));
        printf(", through .. %s", stat(p("closed/../searchonly/f"), &st) == 0 ? "OK" : errno_name(errno));
        printf(", in a 711 directory %s", stat(p("searchonly/f"), &st) == 0 ? "OK" : errno_name(errno));
        int fd = open(p("searchonly"), O_RDONLY | O_DIRECTORY);
        printf(", list it %s", fd >= 0 ? "OK" : errno_name(errno));
        printf(", chdir into 700 %s\n", chdir(p("closed")) == 0 ? "OK" : errno_name(errno));
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    unlink(p("closed/f"));
    unlink(p("searchonly/f"));
    rmdir(p("closed"));
    rmdir(p("searchonly"));
}

static void exchange(void)
{
    put(p("a"), "A");
    put(p("b"), "B");
    printf("exchange a b: %s", rc(rename2(p("a"), p("b"), RENAME_EXCHANGE)));
    printf(", a=%s", get(p("a")));
    printf(" b=%s\n", get(p("b")));
    mkdir(p("d1"), 0755);
    mkdir(p("d2"), 0755);
    mkdir(p("d1/sub"), 0755);
    put(p("d2/file"), "F");
    printf("links before: d1 %ld d2 %ld\n", links(p("d1")), links(p("d2")));
    printf("exchange d1/sub d2/file: %s", rc(rename2(p("d1/sub"), p("d2/file"), RENAME_EXCHANGE)));
    struct stat st;
    stat(p("d1/sub"), &st);
    printf(", d1/sub is %s", S_ISREG(st.st_mode) ? "a file" : "a directory");
    stat(p("d2/file"), &st);
    printf(", d2/file is %s", S_ISDIR(st.st_mode) ? "a directory" : "a file");
    printf(", links d1 %ld d2 %ld\n", links(p("d1")), links(p("d2")));
    printf("exchange with a missing entry: %s", rc(rename2(p("a"), p("missing"), RENAME_EXCHANGE)));
    printf(", with NOREPLACE too: %s", rc(rename2(p("a"), p("b"), RENAME_EXCHANGE | RENAME_NOREPLACE)));
    printf(", into its own subtree: %s", rc(rename2(p("d2"), p("d2/file"), RENAME_EXCHANGE)));
    printf(", unknown flag: %s\n", rc(rename2(p("a"), p("b"), 8)));
    unlink(p("a"));
    unlink(p("b"));
    unlink(p("d1/sub"));
    rmdir(p("d2/file"));
    rmdir(p("d1"));
    rmdir(p("d2"));
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    umask(0);
    snprintf(base, sizeof base, "/dev/shm/sticky-exchange-%d", (int)getpid());
    mkdir(base, 0755);
    sticky();
    search_permission();
    exchange();
    rmdir(base);
    return 0;
}
