/*
 * The older ways to set a file's times — utimes(2), futimesat(2), utime(2) (x86-64 only) —
 * and fchmodat2(2), in the directory given as argv[1]: exact times, now, a null path with a
 * descriptor, bad microseconds, explicit times as another user (EPERM), and fchmodat2's flags.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include "zlxtest.h"

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

/*
 * The system calls where the architecture has them (x86-64); aarch64 has only utimensat,
 * through which its C library does the same.
 */
#ifdef SYS_utimes
#define UTIMES(path, tv) syscall(SYS_utimes, path, tv)
#define FUTIMESAT(dirfd, path, tv) syscall(SYS_futimesat, dirfd, path, tv)
#define UTIME(path, buf) syscall(SYS_utime, path, buf)
#else
#define UTIMES(path, tv) utimes(path, tv)
#define FUTIMESAT(dirfd, path, tv) futimesat(dirfd, path, tv)
#define UTIME(path, buf) utime(path, buf)
#endif

static char dir[4096];

static const char *p(const char *name)
{
    return path_in(dir, name);
}

static void show_times(const char *label, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("%s: stat %s\n", label, errno_name(errno));
        return;
    }
    printf("%s: atime %ld.%09ld mtime %ld.%09ld\n", label, (long) st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long) st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

static void recent(const char *label, const char *path)
{
    struct stat st;
    stat(path, &st);
    time_t now = time(NULL);
    printf("%s: now %d\n", label, st.st_mtim.tv_sec >= now - 5 && st.st_mtim.tv_sec <= now + 5);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc != 2 || realpath(argv[1], dir) == NULL) {
        fprintf(stderr, "usage: times DIR\n");
        return 2;
    }
    close(open(p("f"), O_WRONLY | O_CREAT | O_TRUNC, 0644));
    struct timeval tv[2] = {{1000000000, 123456}, {1200000000, 999999}};
    printf("utimes: %s\n", result_name(UTIMES(p("f"), tv)));
    show_times("  ", p("f"));
    tv[1].tv_usec = 1000000;
    printf("utimes usec 1000000: %s\n", result_name(UTIMES(p("f"), tv)));
    tv[1].tv_usec = -1;
    printf("utimes usec -1: %s\n", result_name(UTIMES(p("f"), tv)));
    printf("utimes now: %s\n", result_name(UTIMES(p("f"), NULL)));
    recent("  ", p("f"));
    int d = open(dir, O_RDONLY | O_DIRECTORY);
    struct timeval tv2[2] = {{1300000000, 5}, {1400000000, 6}};
    printf("futimesat relative: %s\n", result_name(FUTIMESAT(d, "f", tv2)));
    show_times("  ", p("f"));
    int fd = open(p("f"), O_RDONLY);
    printf("futimesat null path: %s\n", result_name(FUTIMESAT(fd, NULL, tv)));
    tv[1].tv_usec = 7;
    printf("futimesat null path: %s\n", result_name(FUTIMESAT(fd, NULL, tv)));
    show_times("  ", p("f"));
    printf("futimesat missing: %s\n", result_name(FUTIMESAT(d, "missing", tv)));
    struct utimbuf ub = {1500000000, 1600000000};
    printf("utime: %s\n", result_name(UTIME(p("f"), &ub)));
    show_times("  ", p("f"));
    printf("utime now: %s\n", result_name(UTIME(p("f"), NULL)));
    recent("  ", p("f"));
    pid_t pid = fork();
    if (pid == 0) {
        setuid(65534);
        printf("as nobody, explicit: %s\n", result_name(UTIMES(p("f"), tv)));
        printf("as nobody, now: %s\n", result_name(UTIMES(p("f"), NULL)));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    symlink("f", p("l"));
    printf("fchmodat2 0600: %s", result_name(syscall(SYS_fchmodat2, d, "f", 0600, 0)));
    struct stat st;
    stat(p("f"), &st);
    printf(", mode %o\n", st.st_mode & 07777);
    printf("fchmodat2 through a symlink: %s", result_name(syscall(SYS_fchmodat2, d, "l", 0640, 0)));
    stat(p("f"), &st);
    printf(", mode %o\n", st.st_mode & 07777);
    printf("fchmodat2 NOFOLLOW on a symlink: %s\n",
           result_name(syscall(SYS_fchmodat2, d, "l", 0600, AT_SYMLINK_NOFOLLOW)));
    printf("fchmodat2 NOFOLLOW on a file: %s\n",
           result_name(syscall(SYS_fchmodat2, d, "f", 0604, AT_SYMLINK_NOFOLLOW)));
    printf("fchmodat2 AT_EMPTY_PATH: %s", result_name(syscall(SYS_fchmodat2, fd, "", 0611, AT_EMPTY_PATH)));
    stat(p("f"), &st);
    printf(", mode %o\n", st.st_mode & 07777);
    printf("fchmodat2 bad flag: %s\n", result_name(syscall(SYS_fchmodat2, d, "f", 0600, 0x8000)));
    unlink(p("l"));
    unlink(p("f"));
    return 0;
}
