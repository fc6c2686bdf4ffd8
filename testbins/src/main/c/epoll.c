/*
 * epoll(7) and eventfd(2): level-triggered, edge-triggered and one-shot entries over pipes and
 * eventfds, nested epoll instances, entries keyed on (description, fd), the always-reported
 * EPOLLHUP/EPOLLERR, maxevents turns, timeouts, epoll_pwait's signal mask, epoll_pwait2, a wait
 * woken from another process, and the errno of each misuse. Output is deterministic.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "zlxtest.h"

#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441
#endif

static void show_events(const char *label, int n, struct epoll_event *ev) {
    printf("%s: n=%d", label, n);
    if (n < 0) {
        printf(" %s", errno_name(errno));
    }
    for (int i = 0; i < n; i++) {
        printf(" [0x%x %llu]", (unsigned) ev[i].events, (unsigned long long) ev[i].data.u64);
    }
    printf("\n");
}

static void wait_now(const char *label, int ep, int max) {
    struct epoll_event ev[8];
    show_events(label, epoll_wait(ep, ev, max, 0), ev);
}

static int add(int ep, int fd, uint32_t events, uint64_t data) {
    struct epoll_event e = {.events = events, .data.u64 = data};
    return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
}

static int mod(int ep, int fd, uint32_t events, uint64_t data) {
    struct epoll_event e = {.events = events, .data.u64 = data};
    return epoll_ctl(ep, EPOLL_CTL_MOD, fd, &e);
}

static void put(int fd, const char *s) {
    if (write(fd, s, strlen(s)) < 0) {
        perror("write");
    }
}

static void take(int fd, size_t n) {
    char buf[64];
    if (read(fd, buf, n) < 0) {
        perror("read");
    }
}

static long long ms_since(struct timespec *t0) {
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1000LL + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static void creation(void) {
    report("epoll_create(0)", epoll_create(0));
    report("epoll_create1(O_NONBLOCK)", epoll_create1(O_NONBLOCK));
    int ep = epoll_create1(EPOLL_CLOEXEC);
    printf("cloexec=%d flags=0x%x\n", fcntl(ep, F_GETFD), fcntl(ep, F_GETFL) & O_ACCMODE);
    struct stat st;
    fstat(ep, &st);
    printf("mode=0%o\n", (unsigned) st.st_mode);
    char path[64], link[64] = "";
    snprintf(path, sizeof path, "/proc/self/fd/%d", ep);
    ssize_t n = readlink(path, link, sizeof link - 1);
    printf("link=%s\n", n > 0 ? link : "?");
    close(ep);
}

static void level_edge_oneshot(void) {
    int lt[2], et[2], os[2];
    pipe(lt);
    pipe(et);
    pipe(os);
    int ep = epoll_create1(0);
    add(ep, lt[0], EPOLLIN, 1);
    add(ep, et[0], EPOLLIN | EPOLLET, 2);
    add(ep, os[0], EPOLLIN | EPOLLONESHOT, 3);
    wait_now("nothing yet", ep, 8);
    put(lt[1], "ab");
    put(et[1], "ab");
    put(os[1], "ab");
    wait_now("all three", ep, 8);
    wait_now("level only", ep, 8);
    put(et[1], "c");
    put(os[1], "c");
    wait_now("edge again", ep, 8);
    take(et[0], 1);
    wait_now("partial read, no edge", ep, 8);
    report("rearm", mod(ep, os[0], EPOLLIN | EPOLLRDNORM, 33));
    wait_now("rearmed", ep, 8);
    take(lt[0], 2);
    wait_now("level drained", ep, 8);
    close(ep);
    close(lt[0]); close(lt[1]); close(et[0]); close(et[1]); close(os[0]); close(os[1]);
}

static void eventfds(void) {
    int efd = eventfd(0, EFD_NONBLOCK);
    uint64_t v = 0;
    report("read empty", read(efd, &v, 8));
    v = 3;
    report("write 3", write(efd, &v, 8));
    v = 4;
    report("write 4", write(efd, &v, 8));
    int ep = epoll_create1(0);
    add(ep, efd, EPOLLIN | EPOLLOUT | EPOLLET, 7);
    wait_now("eventfd ready", ep, 8);
    wait_now("eventfd edge seen", ep, 8);
    v = 0;
    report("read", read(efd, &v, 8));
    printf("value=%llu\n", (unsigned long long) v);
    wait_now("after read (out edge)", ep, 8);
    report("short read", read(efd, &v, 4));
    report("short write", write(efd, &v, 7));
    v = UINT64_MAX;
    report("write all ones", write(efd, &v, 8));
    v = UINT64_MAX - 1;
    report("write max", write(efd, &v, 8));
    v = 1;
    report("write over max", write(efd, &v, 8));
    struct pollfd p = {.fd = efd, .events = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM};
    int ready = poll(&p, 1, 0);
    printf("poll=%d revents=0x%x\n", ready, p.revents);
    close(ep);
    close(efd);

    int sem = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
    printf("sem cloexec=%d nonblock=%d\n", fcntl(sem, F_GETFD), (fcntl(sem, F_GETFL) & O_NONBLOCK) != 0);
    for (int i = 0; i < 3; i++) {
        v = 0;
        long r = read(sem, &v, 8);
        printf("sem read=%ld %s value=%llu\n", r, r < 0 ? errno_name(errno) : "OK", (unsigned long long) v);
    }
    close(sem);
}

static void nested(void) {
    int p[2];
    pipe(p);
    int inner = epoll_create1(0), outer = epoll_create1(0);
    add(inner, p[0], EPOLLIN, 1);
    report("add inner to outer", add(outer, inner, EPOLLIN, 100));
    report("add outer to inner (loop)", add(inner, outer, EPOLLIN, 200));
    wait_now("outer idle", outer, 8);
    struct pollfd pf = {.fd = inner, .events = POLLIN};
    int ready = poll(&pf, 1, 0);
    printf("poll inner=%d\n", ready);
    put(p[1], "x");
    wait_now("outer sees inner", outer, 8);
    ready = poll(&pf, 1, 0);
    printf("poll inner=%d revents=0x%x\n", ready, pf.revents);
    wait_now("inner", inner, 8);
    close(outer);
    close(inner);
    close(p[0]);
    close(p[1]);
}

static void hangups_and_keys(void) {
    int p[2];
    pipe(p);
    int ep = epoll_create1(0);
    add(ep, p[0], 0, 1);
    add(ep, p[1], EPOLLOUT, 2);
    wait_now("write end ready", ep, 8);
    close(p[1]);
    wait_now("read end hung up", ep, 8);

    int q[2];
    pipe(q);
    int dupfd = dup(q[0]);
    add(ep, q[0], EPOLLIN, 10);
    add(ep, dupfd, EPOLLIN, 11);
    put(q[1], "x");
    wait_now("both fds of one description", ep, 8);
    close(q[0]);
    wait_now("first fd closed, entry stays", ep, 8);
    report("del closed fd", epoll_ctl(ep, EPOLL_CTL_DEL, q[0], NULL));
    close(dupfd);
    close(p[0]);
    wait_now("last reference closed", ep, 8);
    close(q[1]);
    close(ep);
}

static void turns(void) {
    int ep = epoll_create1(0);
    int e[3];
    for (int i = 0; i < 3; i++) {
        e[i] = eventfd(1, 0);
        add(ep, e[i], EPOLLIN, i);
    }
    wait_now("max 2", ep, 2);
    wait_now("max 2 again", ep, 2);
    for (int i = 0; i < 3; i++) {
        close(e[i]);
    }
    close(ep);
}

static void errnos(void) {
    int p[2];
    pipe(p);
    int ep = epoll_create1(0);
    struct epoll_event e = {.events = EPOLLIN};
    report("ctl bad epfd", epoll_ctl(99, EPOLL_CTL_ADD, p[0], &e));
    report("ctl bad fd", epoll_ctl(ep, EPOLL_CTL_ADD, 99, &e));
    report("ctl epfd == fd", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &e));
    report("ctl on a pipe", epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &e));
    int dir = open("/", O_RDONLY | O_DIRECTORY);
    report("ctl directory", epoll_ctl(ep, EPOLL_CTL_ADD, dir, &e));
    close(dir);
    report("ctl del missing", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
    report("ctl mod missing", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));
    report("ctl add", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e));
    report("ctl add again", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e));
    report("ctl bad op", epoll_ctl(ep, 99, p[0], &e));
    report("ctl add NULL event", epoll_ctl(ep, EPOLL_CTL_ADD, p[1], NULL));
    e.events = EPOLLIN | EPOLLEXCLUSIVE;
    report("ctl mod exclusive", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e));
    e.events = EPOLLOUT | EPOLLEXCLUSIVE | EPOLLONESHOT;
    report("ctl add exclusive oneshot", epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &e));
    e.events = EPOLLOUT | EPOLLEXCLUSIVE;
    report("ctl add exclusive", epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &e));
    e.events = EPOLLOUT;
    report("ctl mod of exclusive", epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &e));
    struct epoll_event ev[2];
    report("wait maxevents 0", epoll_wait(ep, ev, 0, 0));
    volatile int negative = -1; /* volatile: the compiler would warn about a constant */
    report("wait maxevents -1", epoll_wait(ep, ev, negative, 0));
    report("wait bad epfd", epoll_wait(99, ev, 1, 0));
    report("wait on a pipe", epoll_wait(p[0], ev, 1, 0));
    close(ep);
    close(p[0]);
    close(p[1]);
}

static volatile sig_atomic_t got;
static void on_usr1(int s) {
    got = s;
}

static void timeouts_and_signals(void) {
    int ep = epoll_create1(0);
    struct epoll_event ev[2];
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int n = epoll_wait(ep, ev, 2, 50);
    long long ms = ms_since(&t0);
    printf("timeout 50ms: n=%d waited_enough=%d\n", n, ms >= 45);

    struct timespec ts = {0, 20 * 1000000};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    n = syscall(SYS_epoll_pwait2, ep, ev, 2, &ts, NULL, 8);
    printf("pwait2 20ms: n=%d waited_enough=%d\n", n, ms_since(&t0) >= 15);
    ts.tv_nsec = 1000000000;
    report("pwait2 bad timespec", syscall(SYS_epoll_pwait2, ep, ev, 2, &ts, NULL, 8));

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t block, empty, now;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigemptyset(&empty);
    sigprocmask(SIG_BLOCK, &block, NULL);
    kill(getpid(), SIGUSR1);
    printf("pending while blocked: got=%d\n", (int) got);
    n = epoll_pwait(ep, ev, 2, 5000, &empty);
    printf("pwait with empty mask: n=%d %s got=%d\n", n, n < 0 ? errno_name(errno) : "OK", (int) got);
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("mask restored: usr1 blocked=%d\n", sigismember(&now, SIGUSR1));
    report("pwait bad sigsetsize", syscall(SYS_epoll_pwait, ep, ev, 2, 0, &empty, 4));
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    close(ep);
}

static void woken_by_another_process(void) {
    int p[2];
    pipe(p);
    int ep = epoll_create1(0);
    add(ep, p[0], EPOLLIN | EPOLLET, 5);
    pid_t child = fork();
    if (child == 0) {
        usleep(50000);
        put(p[1], "wake");
        _exit(0);
    }
    struct epoll_event ev[2];
    int n = epoll_wait(ep, ev, 2, -1);
    show_events("woken by child", n, ev);
    int status;
    waitpid(child, &status, 0);
    close(ep);
    close(p[0]);
    close(p[1]);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    creation();
    level_edge_oneshot();
    eventfds();
    nested();
    hangups_and_keys();
    turns();
    errnos();
    timeouts_and_signals();
    woken_by_another_process();
    return 0;
}
