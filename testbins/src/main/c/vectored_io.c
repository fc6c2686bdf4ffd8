/*
 * readv(2), writev(2), preadv(2) and pwritev(2) as Linux does them: one transfer over all the
 * segments (a readv from a pipe takes what is there and does not wait to fill the rest; a
 * writev of at most PIPE_BUF bytes to a pipe is never interleaved with another writer's),
 * short counts at an unreadable later segment and EFAULT at an unreadable first one, the
 * iovcnt and length checks, positioned forms on a file, a writev larger than 1 MiB, and
 * preadv2/pwritev2's per-call flags.
 * Runs in the working directory, which it leaves as it found it.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "zlxtest.h"

#define WRITERS 4
#define LINES 300

static const char *result(long rc)
{
    static char buf[32];
    if (rc < 0) {
        return errno_name(errno);
    }
    snprintf(buf, sizeof buf, "%ld", rc);
    return buf;
}

static void pipe_readv_takes_what_is_there(void)
{
    int p[2];
    pipe(p);
    write(p[1], "0123456789", 10);
    char a[8], b[8];
    struct iovec v[2] = {{a, sizeof a}, {b, sizeof b}};
    alarm(5); /* a readv that waits to fill b would hang here */
    long n = readv(p[0], v, 2);
    alarm(0);
    printf("pipe readv of 10 into 8+8: %s, \"%.8s\" \"%.2s\"\n", result(n), a, b);
    close(p[0]);
    close(p[1]);
}

/*
 * WRITERS processes each writev LINES lines of three segments (prefix, body, newline) to one
 * pipe; every line read back must be whole.
 */
static void pipe_writev_is_atomic(void)
{
    int p[2];
    pipe(p);
    for (int w = 0; w < WRITERS; w++) {
        if (fork() == 0) {
            close(p[0]);
            char prefix[8], body[200];
            snprintf(prefix, sizeof prefix, "w%d:", w);
            memset(body, 'a' + w, sizeof body);
            for (int i = 0; i < LINES; i++) {
                struct iovec v[3] = {{prefix, strlen(prefix)}, {body, sizeof body}, {"\n", 1}};
                writev(p[1], v, 3);
            }
            _exit(0);
        }
    }
    close(p[1]);
    FILE *in = fdopen(p[0], "r");
    char line[512];
    int whole = 0, broken = 0;
    while (fgets(line, sizeof line, in)) {
        int w = line[1] - '0';
        int ok = line[0] == 'w' && w >= 0 && w < WRITERS && line[2] == ':' && strlen(line) == 3 + 200 + 1;
        for (int i = 0; ok && i < 200; i++) {
            ok = line[3 + i] == 'a' + w;
        }
        if (ok) {
            whole++;
        } else {
            broken++;
        }
    }
    fclose(in);
    while (wait(NULL) > 0) {
    }
    printf("%d writers' writev lines to one pipe: %d whole, %d broken\n", WRITERS, whole, broken);
}

static void faults_and_checks(void)
{
    int fd = open("vectored_io.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
    char *unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct iovec good_bad[2] = {{"abc", 3}, {unmapped, 5}};
    printf("writev good then unreadable: %s", result(writev(fd, good_bad, 2)));
    struct iovec bad_good[2] = {{unmapped, 5}, {"abc", 3}};
    printf(", unreadable first: %s", result(writev(fd, bad_good, 2)));
    printf(", iovcnt 0: %s", result(writev(fd, good_bad, 0)));
    /* Through volatile, so that the compiler does not object to the deliberately bad counts. */
    volatile int minus_one = -1, too_many = IOV_MAX + 1;
    printf(", iovcnt -1: %s", result(writev(fd, good_bad, minus_one)));
    printf(", iovcnt IOV_MAX+1: %s", result(writev(fd, good_bad, too_many)));
    struct iovec negative[1] = {{"abc", (size_t)-1}};
    printf(", length -1: %s\n", result(writev(fd, negative, 1)));

    char x[2], y[4];
    struct iovec into_bad[2] = {{x, 2}, {unmapped, 2}};
    printf("readv at 0 into good then unwritable: %s", result(preadv(fd, into_bad, 2, 0)));
    struct iovec xy[2] = {{x, 2}, {y, 4}};
    long n = preadv(fd, xy, 2, 1);
    printf(", preadv at 1 into 2+4: %s \"%.2s\" \"%.*s\"", result(n), x, (int)(n > 2 ? n - 2 : 0), y);
    struct iovec patch[2] = {{"X", 1}, {"YZ", 2}};
    printf(", pwritev at 1: %s", result(pwritev(fd, patch, 2, 1)));
    char all[8] = {0};
    printf(", file now \"%.*s\"", (int)pread(fd, all, sizeof all, 0), all);
    printf(", position %ld", (long)lseek(fd, 0, SEEK_CUR));
    printf(", preadv at -1: %s\n", result(preadv(fd, xy, 2, -1)));
    munmap(unmapped, 4096);
    close(fd);
    unlink("vectored_io.tmp");
}

/* Three segments of 700 KiB: more than zlx moves in one piece. */
static void large_writev(void)
{
    enum { SEG = 700 * 1024 };
    int fd = open("vectored_io.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
    char *seg[3];
    struct iovec v[3];
    for (int i = 0; i < 3; i++) {
        seg[i] = malloc(SEG);
        memset(seg[i], 'A' + i, SEG);
        v[i].iov_base = seg[i];
        v[i].iov_len = SEG;
    }
    printf("writev of 3 x 700 KiB: %s", result(writev(fd, v, 3)));
    for (int i = 0; i < 3; i++) {
        memset(seg[i], 0, SEG);
    }
    lseek(fd, 0, SEEK_SET);
    long n = readv(fd, v, 3);
    int same = 1;
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < SEG; j++) {
            same &= seg[i][j] == 'A' + i;
        }
        free(seg[i]);
    }
    printf(", readv back: %s, %s\n", result(n), same ? "same bytes" : "different bytes");
    close(fd);
    unlink("vectored_io.tmp");
}

/* linux/fs.h's RWF_* (older C library headers lack some), and the raw calls (musl has no wrappers). */
#ifndef RWF_HIPRI
#define RWF_HIPRI 0x1
#endif
#ifndef RWF_DSYNC
#define RWF_DSYNC 0x2
#endif
#ifndef RWF_SYNC
#define RWF_SYNC 0x4
#endif
#ifndef RWF_APPEND
#define RWF_APPEND 0x10
#endif
#ifndef RWF_NOAPPEND
#define RWF_NOAPPEND 0x20
#endif
#ifndef RWF_NOSIGNAL
#define RWF_NOSIGNAL 0x100
#endif
#define PREADV2(fd, iov, n, off, flags) syscall(SYS_preadv2, fd, iov, n, (long) (off), 0L, flags)
#define PWRITEV2(fd, iov, n, off, flags) syscall(SYS_pwritev2, fd, iov, n, (long) (off), 0L, flags)

/*
 * preadv2 and pwritev2: RWF_APPEND, RWF_DSYNC, RWF_SYNC, RWF_HIPRI, RWF_NOAPPEND, RWF_NOSIGNAL
 * and an unknown flag.
 */
static void rwf_flags(void)
{
    int fd = open("vectored_io.rwf", O_RDWR | O_CREAT | O_TRUNC, 0644);
    struct iovec v = {(void *) "0123456789", 10};
    printf("pwritev2 at 0: %s\n", result(PWRITEV2(fd, &v, 1, 0, 0)));
    struct iovec a = {(void *) "AB", 2};
    printf("pwritev2 RWF_APPEND at 3: %s", result(PWRITEV2(fd, &a, 1, 3, RWF_APPEND)));
    printf(", position %ld\n", (long) lseek(fd, 0, SEEK_CUR));
    printf("pwritev2 RWF_APPEND at -1: %s", result(PWRITEV2(fd, &a, 1, -1, RWF_APPEND)));
    printf(", position %ld\n", (long) lseek(fd, 0, SEEK_CUR));
    struct iovec s = {(void *) "s", 1};
    printf("pwritev2 RWF_DSYNC: %s", result(PWRITEV2(fd, &s, 1, 0, RWF_DSYNC)));
    printf(", RWF_SYNC: %s", result(PWRITEV2(fd, &s, 1, 1, RWF_SYNC)));
    printf(", RWF_NOAPPEND: %s\n", result(PWRITEV2(fd, &s, 1, 2, RWF_NOAPPEND)));
    char buf[32] = {0};
    struct iovec r = {buf, sizeof buf - 1};
    printf("preadv2 RWF_HIPRI: %s", result(PREADV2(fd, &r, 1, 0, RWF_HIPRI)));
    printf(" \"%s\"\n", buf);
    printf("unknown flag: pwritev2 %s", result(PWRITEV2(fd, &s, 1, 0, 0x4000)));
    printf(", preadv2 %s\n", result(PREADV2(fd, &r, 1, 0, 0x4000)));
    close(fd);
    unlink("vectored_io.rwf");
    int p[2];
    pipe(p);
    close(p[0]);
    sigset_t pending;
    sigemptyset(&pending);
    sigaddset(&pending, SIGPIPE);
    sigprocmask(SIG_BLOCK, &pending, NULL);
    printf("pwritev2 RWF_NOSIGNAL to a pipe without readers: %s", result(PWRITEV2(p[1], &s, 1, -1, RWF_NOSIGNAL)));
    sigpending(&pending);
    printf(", SIGPIPE pending %d", sigismember(&pending, SIGPIPE));
    printf(", without the flag: %s", result(PWRITEV2(p[1], &s, 1, -1, 0)));
    sigpending(&pending);
    printf(", SIGPIPE pending %d\n", sigismember(&pending, SIGPIPE));
    close(p[1]);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pipe_readv_takes_what_is_there();
    pipe_writev_is_atomic();
    faults_and_checks();
    large_writev();
    rwf_flags();
    return 0;
}
