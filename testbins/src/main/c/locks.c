/*
 * Advisory file locks between a parent and forked children, in the directory given as argv[1]:
 * flock(2) (per open file description, conversion, LOCK_NB, release at the last close, waits
 * and EINTR), fcntl(2) record locks (ranges, whence, negative lengths, splitting and merging as
 * F_GETLK sees them from another process, any close dropping them, not inherited, released at
 * exit, F_SETLKW waits, EDEADLK) and open file description locks (F_OFD_*). Processes meet
 * through pipes, so the output does not depend on timing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "zlxtest.h"

#ifndef F_OFD_GETLK
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#endif

static char path[4096];
static pid_t parent;

static void show(const char *what, int r)
{
    printf("  %s: %s\n", what, r == 0 ? "OK" : errno_name(errno));
    fflush(stdout);
}

static int lk(int fd, int cmd, int type, int whence, long start, long len)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = type;
    fl.l_whence = whence;
    fl.l_start = start;
    fl.l_len = len;
    return fcntl(fd, cmd, &fl);
}

static const char *type_name(int t)
{
    return t == F_RDLCK ? "F_RDLCK" : t == F_WRLCK ? "F_WRLCK" : t == F_UNLCK ? "F_UNLCK" : "?";
}

/* F_GETLK (or F_OFD_GETLK) on fd, printed with the holder named. */
static void getlk(const char *what, int fd, int cmd, int type, long start, long len)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = start;
    fl.l_len = len;
    if (fcntl(fd, cmd, &fl) < 0) {
        printf("  %s: %s\n", what, errno_name(errno));
    } else if (fl.l_type == F_UNLCK) {
        printf("  %s: F_UNLCK\n", what);
    } else {
        const char *who = fl.l_pid == parent ? "parent" : fl.l_pid == -1 ? "-1" : fl.l_pid == getpid() ? "self" : "other";
        printf("  %s: %s start %ld len %ld whence %d pid %s\n", what, type_name(fl.l_type), (long)fl.l_start,
               (long)fl.l_len, fl.l_whence, who);
    }
    fflush(stdout);
}

/* Runs F_GETLK in a child on its own descriptor, as another process sees the file. */
static void probe(const char *what, int type, long start, long len)
{
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        int fd = open(path, O_RDWR);
        getlk(what, fd, F_GETLK, type, start, len);
        _exit(0);
    }
    waitpid(c, NULL, 0);
}

static void wait_child(pid_t c)
{
    int st;
    waitpid(c, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        printf("  child ended badly: %d\n", st);
    }
}

static void on_alarm(int sig)
{
    (void)sig;
}

static void flock_part(void)
{
    printf("flock:\n");
    int fd1 = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd1, "0123456789", 10);
    int fd2 = open(path, O_RDWR);
    show("LOCK_EX", flock(fd1, LOCK_EX));
    show("LOCK_EX again", flock(fd1, LOCK_EX));
    show("other description LOCK_EX|LOCK_NB", flock(fd2, LOCK_EX | LOCK_NB));
    show("other description LOCK_SH|LOCK_NB", flock(fd2, LOCK_SH | LOCK_NB));
    int fd3 = dup(fd1);
    show("dup converts to LOCK_SH", flock(fd3, LOCK_SH));
    show("other description LOCK_SH|LOCK_NB", flock(fd2, LOCK_SH | LOCK_NB));
    show("convert to LOCK_EX|LOCK_NB against a shared lock", flock(fd1, LOCK_EX | LOCK_NB));
    show("the failed conversion dropped the lock: other LOCK_EX|LOCK_NB", flock(fd2, LOCK_EX | LOCK_NB));
    show("other LOCK_UN", flock(fd2, LOCK_UN));
    show("LOCK_UN without a lock", flock(fd2, LOCK_UN));

    show("LOCK_EX", flock(fd1, LOCK_EX));
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        show("child, inherited description LOCK_EX|LOCK_NB", flock(fd1, LOCK_EX | LOCK_NB));
        int own = open(path, O_RDONLY);
        show("child, own description LOCK_SH|LOCK_NB", flock(own, LOCK_SH | LOCK_NB));
        _exit(0);
    }
    wait_child(c);
    close(fd1);
    show("after closing one of two descriptors: other LOCK_EX|LOCK_NB", flock(fd2, LOCK_EX | LOCK_NB));
    close(fd3);
    show("after closing the last one: other LOCK_EX|LOCK_NB", flock(fd2, LOCK_EX | LOCK_NB));

    /* A child waits in LOCK_EX until the parent lets go. */
    int p[2];
    pipe(p);
    fflush(stdout);
    c = fork();
    if (c == 0) {
        int own = open(path, O_RDWR);
        write(p[1], "w", 1);
        int r = flock(own, LOCK_EX);
        show("child, waiting LOCK_EX", r);
        _exit(0);
    }
    char b;
    read(p[0], &b, 1);
    int un = flock(fd2, LOCK_UN);
    wait_child(c); /* the child's line comes first, whatever the timing */
    show("parent LOCK_UN", un);

    /* A wait ends with EINTR when a handler without SA_RESTART runs. */
    show("parent LOCK_SH", flock(fd2, LOCK_SH));
    fflush(stdout);
    c = fork();
    if (c == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_alarm;
        sigaction(SIGALRM, &sa, NULL);
        struct itimerval it = {{0, 0}, {0, 100000}};
        setitimer(ITIMER_REAL, &it, NULL);
        int own = open(path, O_RDWR);
        show("child, LOCK_EX interrupted by SIGALRM", flock(own, LOCK_EX));
        _exit(0);
    }
    wait_child(c);
    flock(fd2, LOCK_UN);

    show("operation 0", flock(fd2, 0));
    show("LOCK_SH|LOCK_EX", flock(fd2, LOCK_SH | LOCK_EX));
    show("bad descriptor", flock(-1, LOCK_SH));
    show("bad descriptor and operation", flock(-1, 77));
    int opath = open(path, O_PATH);
    show("O_PATH descriptor", flock(opath, LOCK_SH));
    close(opath);
    int pp[2];
    pipe(pp);
    show("a pipe LOCK_EX", flock(pp[0], LOCK_EX));
    close(pp[0]);
    close(pp[1]);
    close(fd2);
}

static void posix_part(void)
{
    printf("posix:\n");
    int fd = open(path, O_RDWR | O_TRUNC);
    for (int i = 0; i < 10; i++) {
        write(fd, "0123456789", 10);
    }
    show("F_SETLK F_WRLCK [0,100)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 100));
    getlk("own F_GETLK", fd, F_GETLK, F_WRLCK, 0, 0);
    probe("child F_GETLK F_RDLCK [5,6)", F_RDLCK, 5, 1);
    show("F_SETLK F_UNLCK [40,60)", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 40, 20));
    probe("child F_GETLK [30,40)", F_WRLCK, 30, 10);
    probe("child F_GETLK [40,60)", F_WRLCK, 40, 20);
    probe("child F_GETLK [60,70)", F_WRLCK, 60, 10);
    show("F_SETLK F_RDLCK [40,60)", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 40, 20));
    probe("child F_GETLK F_RDLCK [45,46)", F_RDLCK, 45, 1);
    probe("child F_GETLK F_WRLCK [45,46)", F_WRLCK, 45, 1);
    show("F_SETLK F_WRLCK [40,60) merges", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 40, 20));
    probe("child F_GETLK F_RDLCK [50,51)", F_RDLCK, 50, 1);
    show("F_SETLK F_UNLCK all", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
    probe("child F_GETLK all", F_WRLCK, 0, 0);

    show("F_SETLK start 200 len -50", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 200, -50));
    probe("child F_GETLK [100,300)", F_WRLCK, 100, 200);
    show("F_SETLK F_UNLCK all", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
    show("F_SETLK SEEK_END start -10 len 0", lk(fd, F_SETLK, F_WRLCK, SEEK_END, -10, 0));
    probe("child F_GETLK [1000,1001)", F_WRLCK, 1000, 1);
    lseek(fd, 20, SEEK_SET);
    show("F_SETLK F_UNLCK all", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
    show("F_SETLK F_RDLCK SEEK_CUR start 5 len 10", lk(fd, F_SETLK, F_RDLCK, SEEK_CUR, 5, 10));
    probe("child F_GETLK [0,100)", F_WRLCK, 0, 100);

    show("start before 0", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, -1, 1));
    show("negative length reaching before 0", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 3, -5));
    show("bad whence", lk(fd, F_SETLK, F_WRLCK, 7, 0, 1));
    show("bad type", lk(fd, F_SETLK, 5, SEEK_SET, 0, 1));
    show("F_GETLK F_UNLCK", lk(fd, F_GETLK, F_UNLCK, SEEK_SET, 0, 1));
    int ro = open(path, O_RDONLY);
    int wo = open(path, O_WRONLY);
    show("F_WRLCK on O_RDONLY", lk(ro, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    show("F_RDLCK on O_WRONLY", lk(wo, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
    show("F_RDLCK on O_RDONLY", lk(ro, F_SETLK, F_RDLCK, SEEK_SET, 500, 1));
    show("F_UNLCK on O_WRONLY", lk(wo, F_SETLK, F_UNLCK, SEEK_SET, 500, 1));
    int opath = open(path, O_PATH);
    show("F_GETLK on O_PATH", lk(opath, F_GETLK, F_WRLCK, SEEK_SET, 0, 1));
    show("F_SETLK bad descriptor", lk(-1, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    probe("before closing another descriptor", F_WRLCK, 0, 0);
    close(opath);
    probe("after closing an O_PATH descriptor", F_WRLCK, 0, 0);
    close(wo);
    probe("after closing another descriptor of the file", F_WRLCK, 0, 0);

    /* Not inherited: a child may not unlock the parent's lock, and its own conflict. */
    show("F_SETLK F_WRLCK [0,10)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        show("child F_SETLK on the inherited descriptor", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
        show("child F_UNLCK on the inherited descriptor", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 10));
        _exit(0);
    }
    wait_child(c);
    probe("the parent's lock stays", F_WRLCK, 0, 0);

    /* F_SETLKW waits until the parent unlocks. */
    int p[2];
    pipe(p);
    fflush(stdout);
    c = fork();
    if (c == 0) {
        int own = open(path, O_RDWR);
        write(p[1], "w", 1);
        show("child F_SETLKW [5,6)", lk(own, F_SETLKW, F_WRLCK, SEEK_SET, 5, 1));
        _exit(0);
    }
    char b;
    read(p[0], &b, 1);
    int un = lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
    wait_child(c);
    show("parent F_UNLCK", un);

    /* A child's locks go when it exits. */
    int q[2];
    pipe(q);
    fflush(stdout);
    c = fork();
    if (c == 0) {
        int own = open(path, O_RDWR);
        lk(own, F_SETLK, F_WRLCK, SEEK_SET, 0, 0);
        write(q[1], "l", 1);
        read(p[0], &b, 1);
        _exit(0);
    }
    read(q[0], &b, 1);
    show("while a child holds a lock", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 7, 1));
    getlk("parent F_GETLK", fd, F_GETLK, F_RDLCK, 7, 1);
    write(p[1], "x", 1);
    wait_child(c);
    show("after it exited", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 7, 1));
    lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);

    /* Two processes each wait for the other's byte: exactly one gets EDEADLK. */
    show("parent F_SETLK [0,1)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    int r[2];
    pipe(r);
    fflush(stdout);
    c = fork();
    if (c == 0) {
        int own = open(path, O_RDWR);
        lk(own, F_SETLK, F_WRLCK, SEEK_SET, 1, 1);
        write(q[1], "l", 1);
        int rc = lk(own, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
        int e = rc == 0 ? 0 : errno;
        if (e != 0) {
            lk(own, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
        }
        write(r[1], &e, sizeof e);
        read(p[0], &b, 1);
        _exit(0);
    }
    read(q[0], &b, 1);
    int rc = lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1);
    int mine = rc == 0 ? 0 : errno;
    if (mine != 0) {
        lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
    }
    int theirs;
    read(r[0], &theirs, sizeof theirs);
    write(p[1], "x", 1);
    wait_child(c);
    printf("  deadlock: one side %s, the other %s\n", errno_name(mine != 0 ? mine : theirs),
           errno_name(mine != 0 ? theirs : mine));
    lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
    close(ro);
    close(fd);
}

static void ofd_part(void)
{
    printf("ofd:\n");
    int a = open(path, O_RDWR);
    int b = open(path, O_RDWR);
    show("F_OFD_SETLK [0,10) on a", lk(a, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10));
    show("F_OFD_SETLK [5,6) on b, same process", lk(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1));
    getlk("F_OFD_GETLK on b", b, F_OFD_GETLK, F_RDLCK, 0, 0);
    getlk("F_GETLK (POSIX) sees it", b, F_GETLK, F_RDLCK, 0, 0);
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_RDLCK;
    fl.l_pid = 1;
    show("F_OFD_SETLK with l_pid", fcntl(b, F_OFD_SETLK, &fl));
    show("F_OFD_GETLK with l_pid", fcntl(b, F_OFD_GETLK, &fl));
    show("POSIX F_SETLK [20,30) on b", lk(b, F_SETLK, F_WRLCK, SEEK_SET, 20, 10));
    show("F_OFD_SETLK [25,26) on a against it", lk(a, F_OFD_SETLK, F_WRLCK, SEEK_SET, 25, 1));
    getlk("F_OFD_GETLK on a", a, F_OFD_GETLK, F_WRLCK, 20, 1);
    int c3 = open(path, O_RDONLY);
    close(c3);
    getlk("after another close, F_OFD_GETLK on a [20,21)", a, F_OFD_GETLK, F_WRLCK, 20, 1);
    getlk("after another close, F_OFD_GETLK on b [0,1)", b, F_OFD_GETLK, F_WRLCK, 0, 1);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        show("child F_OFD_SETLK on inherited a", lk(a, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10));
        int own = open(path, O_RDWR);
        show("child F_OFD_SETLK on its own", lk(own, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 1));
        _exit(0);
    }
    wait_child(c);
    int a2 = dup(a);
    close(a);
    show("after closing a (a dup remains)", lk(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    close(a2);
    show("after closing the last reference", lk(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 1));
    close(b);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: locks DIR\n");
        return 2;
    }
    parent = getpid();
    snprintf(path, sizeof path, "%s/locks.tmp", argv[1]);
    flock_part();
    posix_part();
    ofd_part();
    unlink(path);
    printf("locks: done\n");
    return 0;
}
