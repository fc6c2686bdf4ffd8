/*
 * timerfd(2): timerfd_create's flags and clocks, one-shot and periodic timers, relative and
 * absolute times (past ones included), the expiration count a read returns, gettime and the old
 * value settime hands back, disarming, poll and epoll readiness, fstat and /proc/self/fd, and
 * the errno of each misuse. Times are checked against bounds wide enough for a loaded machine,
 * so the output is deterministic.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include "zlxtest.h"

#define MS 1000000LL

static long long ns(struct timespec ts) {
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long now(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ns(ts);
}

static struct timespec spec(long long n) {
    struct timespec ts = {.tv_sec = n / 1000000000LL, .tv_nsec = n % 1000000000LL};
    return ts;
}

static int arm(int fd, int flags, long long value, long long interval, struct itimerspec *old) {
    struct itimerspec its = {.it_value = spec(value), .it_interval = spec(interval)};
    return timerfd_settime(fd, flags, &its, old);
}

/* read(2) of the count: prints the errno, or returns the count. */
static long long expirations(const char *label, int fd) {
    uint64_t n = 0;
    ssize_t r = read(fd, &n, sizeof n);
    if (r < 0) {
        printf("%s: %s\n", label, errno_name(errno));
        return -1;
    }
    if (r != 8) {
        printf("%s: short read %zd\n", label, r);
    }
    return (long long) n;
}

static void sleep_ms(long ms) {
    struct timespec ts = spec(ms * MS);
    nanosleep(&ts, NULL);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);

    /* Creation and its errors. */
    report("create bad flags", timerfd_create(CLOCK_MONOTONIC, 1));
    report("create process cputime clock", timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0));
    report("create tai clock", timerfd_create(CLOCK_TAI, 0));
    report("create bad clock", timerfd_create(99, 0));
    int boot = timerfd_create(CLOCK_BOOTTIME, 0);
    report("create boottime", boot);
    close(boot);

    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    report("create monotonic", fd);
    printf("getfd cloexec: %d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
    printf("getfl: 0%o\n", fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK));
    struct stat st;
    fstat(fd, &st);
    printf("fstat: mode 0%o size %lld\n", st.st_mode, (long long) st.st_size);
    char path[64], link[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ssize_t len = readlink(path, link, sizeof link - 1);
    link[len < 0 ? 0 : len] = 0;
    printf("readlink: %s\n", link);

    struct itimerspec cur;
    timerfd_gettime(fd, &cur);
    printf("gettime new: %lld %lld\n", ns(cur.it_value), ns(cur.it_interval));
    expirations("read unarmed nonblocking", fd);
    uint64_t small;
    printf("read 4 bytes: %s\n", errno_name(read(fd, &small, 4) < 0 ? errno : 0));

    /* A one-shot timer: gettime counts down, a blocking read waits for the expiry. */
    int blocking = timerfd_create(CLOCK_MONOTONIC, 0);
    long long t0 = now(CLOCK_MONOTONIC);
    report("arm 500ms", arm(blocking, 0, 500 * MS, 0, NULL));
    timerfd_gettime(blocking, &cur);
    printf("gettime armed: in (0, 500ms]: %d interval %lld\n",
           ns(cur.it_value) > 0 && ns(cur.it_value) <= 500 * MS, ns(cur.it_interval));
    printf("blocking read: %lld\n", expirations("blocking read", blocking));
    printf("waited >= 500ms: %d\n", now(CLOCK_MONOTONIC) - t0 >= 500 * MS);
    timerfd_gettime(blocking, &cur);
    printf("gettime expired: %lld %lld\n", ns(cur.it_value), ns(cur.it_interval));
    expirations("read after one-shot", fd);

    /* A periodic timer counts every period, read or not. */
    report("arm periodic 10ms", arm(fd, 0, 10 * MS, 10 * MS, NULL));
    sleep_ms(55);
    long long n = expirations("read periodic", fd);
    printf("periodic: at least 5: %d\n", n >= 5);
    timerfd_gettime(fd, &cur);
    printf("gettime periodic: in (0, 10ms]: %d interval %lld\n",
           ns(cur.it_value) > 0 && ns(cur.it_value) <= 10 * MS, ns(cur.it_interval));

    /* settime hands back the previous setting; a zero value disarms. */
    struct itimerspec old;
    report("rearm 10s", arm(fd, 0, 10000 * MS, 0, &old));
    printf("old periodic: in (0, 10ms]: %d interval %lld\n",
           ns(old.it_value) > 0 && ns(old.it_value) <= 10 * MS, ns(old.it_interval));
    report("disarm", arm(fd, 0, 0, 5 * MS, &old));
    printf("old one-shot: in (9s, 10s]: %d interval %lld\n",
           ns(old.it_value) > 9000 * MS && ns(old.it_value) <= 10000 * MS, ns(old.it_interval));
    timerfd_gettime(fd, &cur);
    printf("gettime disarmed: %lld %lld\n", ns(cur.it_value), ns(cur.it_interval));
    expirations("read disarmed", fd);

    /* Absolute times: on the timer's own clock; a time past expires at once, with its periods. */
    int real = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
    report("abs realtime past", arm(real, TFD_TIMER_ABSTIME, now(CLOCK_REALTIME) - 1000 * MS, 0, NULL));
    printf("abs realtime past read: %lld\n", expirations("abs realtime past read", real));
    report("abs past periodic",
           arm(real, TFD_TIMER_ABSTIME, now(CLOCK_REALTIME) - 35 * MS, 10 * MS, NULL));
    n = expirations("abs past periodic read", real);
    printf("abs past periodic: at least 4: %d\n", n >= 4);
    report("abs cancel on set", arm(real, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
                                    now(CLOCK_REALTIME) + 1000 * MS, 0, NULL));
    struct pollfd p = {.fd = real, .events = POLLIN};
    int ready = poll(&p, 1, 0);
    printf("poll before: %d revents 0x%x\n", ready, p.revents);
    ready = poll(&p, 1, 5000);
    printf("poll wait: %d revents 0x%x\n", ready, p.revents);
    printf("read after poll: %lld\n", expirations("read after poll", real));
    report("abs monotonic", arm(fd, TFD_TIMER_ABSTIME, now(CLOCK_MONOTONIC) + 1000 * MS, 0, NULL));
    timerfd_gettime(fd, &cur);
    printf("gettime abs: in (0, 1s]: %d\n", ns(cur.it_value) > 0 && ns(cur.it_value) <= 1000 * MS);

    /* epoll: the entry becomes ready at the expiry, and not before. */
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 7};
    report("epoll add", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
    struct epoll_event out[2];
    printf("epoll before: %d\n", epoll_wait(ep, out, 2, 0));
    printf("epoll wait: %d", epoll_wait(ep, out, 2, 5000));
    printf(" [0x%x %llu]\n", out[0].events, (unsigned long long) out[0].data.u64);
    printf("epoll read: %lld\n", expirations("epoll read", fd));
    printf("epoll after read: %d\n", epoll_wait(ep, out, 2, 0));
    report("epoll edge mod", epoll_ctl(ep, EPOLL_CTL_MOD, fd, &(struct epoll_event){.events = EPOLLIN | EPOLLET, .data.u64 = 8}));
    report("arm 5ms periodic", arm(fd, 0, 5 * MS, 5 * MS, NULL));
    printf("epoll edge: %d", epoll_wait(ep, out, 2, 5000));
    printf(" [0x%x %llu]\n", out[0].events, (unsigned long long) out[0].data.u64);
    arm(fd, 0, 0, 0, NULL);

    /* Misuse. */
    struct itimerspec bad = {.it_value = {.tv_sec = 1, .tv_nsec = 1000000000}};
    report("settime bad nsec", timerfd_settime(fd, 0, &bad, NULL));
    bad.it_value.tv_nsec = 0;
    bad.it_value.tv_sec = -1;
    report("settime negative", timerfd_settime(fd, 0, &bad, NULL));
    report("settime bad flags", arm(fd, 4, 1 * MS, 0, NULL));
    report("settime null", timerfd_settime(fd, 0, NULL, NULL));
    int pipefd[2];
    pipe(pipefd);
    report("settime on pipe", arm(pipefd[0], 0, 1 * MS, 0, NULL));
    report("gettime on pipe", timerfd_gettime(pipefd[0], &cur));
    report("settime bad fd", arm(99, 0, 1 * MS, 0, NULL));
    report("gettime bad fd", timerfd_gettime(99, &cur));
    report("write", write(fd, &small, 8));
    report("lseek", lseek(fd, 0, SEEK_SET));
    printf("timerfd: done\n");
    return 0;
}
