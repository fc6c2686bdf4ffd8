/*
 * signalfd(2): signals taken by reading a descriptor. Creation flags and the errno of each
 * misuse; signalfd_siginfo for kill, tgkill, sigqueue, a POSIX timer and SIGCHLD; the order of a
 * read (the thread's own signals first, then the process's, lowest number first, real-time ones
 * queued); a new mask on an existing signalfd; poll and epoll readiness, a blocking read and an
 * epoll wait woken by another process; another thread's signals stay its own; after fork the
 * child reads the child's signals. Output is deterministic.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "zlxtest.h"

static pid_t self;

static void show(const char *label, const struct signalfd_siginfo *si) {
    printf("%s: signo %u code %d", label, si->ssi_signo, si->ssi_code);
    if (si->ssi_code == SI_USER || si->ssi_code == SI_TKILL || si->ssi_code == SI_QUEUE) {
        printf(" pid %s uid %s", (pid_t) si->ssi_pid == self ? "self" : "other",
               si->ssi_uid == getuid() ? "mine" : "other");
    }
    if (si->ssi_code == SI_QUEUE || si->ssi_code == SI_TIMER) {
        printf(" int %d ptr %llu", si->ssi_int, (unsigned long long) si->ssi_ptr);
    }
    if (si->ssi_code == SI_TIMER) {
        printf(" overrun %u", si->ssi_overrun);
    }
    printf("\n");
}

/* Reads up to max records and shows each; prints the errno if the read fails. */
static int take(const char *label, int fd, int max) {
    struct signalfd_siginfo si[8];
    ssize_t n = read(fd, si, max * sizeof si[0]);
    if (n < 0) {
        printf("%s: %s\n", label, errno_name(errno));
        return -1;
    }
    if (n % sizeof si[0] != 0) {
        printf("%s: partial record %zd\n", label, n);
    }
    int count = n / sizeof si[0];
    printf("%s: %d record(s)\n", label, count);
    for (int i = 0; i < count; i++) {
        show(label, &si[i]);
    }
    return count;
}

static int readable(int fd) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int n = poll(&p, 1, 0);
    return n < 0 ? -errno : p.revents;
}

static void sleep_ms(long ms) {
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000L};
    nanosleep(&ts, NULL);
}

static int thread_fd;
static int go[2];

static void *other_thread(void *arg) {
    (void) arg;
    char c;
    if (read(go[0], &c, 1) == 1) {
        take("thread reads its own", thread_fd, 4);
    }
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    self = getpid();
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    sigaddset(&mask, SIGUSR2);
    sigaddset(&mask, SIGRTMIN);
    sigaddset(&mask, SIGRTMIN + 1);
    sigaddset(&mask, SIGCHLD);
    sigprocmask(SIG_BLOCK, &mask, NULL);

    /* Creation and misuse. */
    report("bad flags", signalfd(-1, &mask, 1));
    report("bad size", syscall(SYS_signalfd4, -1, &mask, 4, 0));
    report("null mask", syscall(SYS_signalfd4, -1, NULL, 8, 0));
    report("bad fd", signalfd(99, &mask, 0));
    int pipefd[2];
    pipe(pipefd);
    report("pipe fd", signalfd(pipefd[0], &mask, 0));
    int fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    report("create", fd);
    printf("getfd cloexec: %d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
    printf("getfl: 0%o\n", fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK));
    struct stat st;
    fstat(fd, &st);
    printf("fstat: mode 0%o\n", st.st_mode);
    char path[64], link[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ssize_t len = readlink(path, link, sizeof link - 1);
    link[len < 0 ? 0 : len] = 0;
    printf("readlink: %s\n", link);
    take("empty", fd, 1);
    char small[64];
    printf("read 64 bytes: %s\n", errno_name(read(fd, small, sizeof small) < 0 ? errno : 0));
    report("write", write(fd, small, sizeof small));

    /* One read takes the thread's own signals first, then the process's, by number. */
    printf("readable before: 0x%x\n", readable(fd));
    kill(self, SIGUSR2);
    union sigval v = {.sival_int = 42};
    sigqueue(self, SIGRTMIN, v);
    v.sival_int = 43;
    sigqueue(self, SIGRTMIN, v);
    raise(SIGUSR1);
    printf("readable after: 0x%x\n", readable(fd));
    sigset_t pending;
    sigpending(&pending);
    printf("pending usr1 usr2 rtmin: %d %d %d\n", sigismember(&pending, SIGUSR1),
           sigismember(&pending, SIGUSR2), sigismember(&pending, SIGRTMIN));
    take("first", fd, 2);
    take("rest", fd, 8);
    sigpending(&pending);
    printf("pending after: %d %d %d\n", sigismember(&pending, SIGUSR1), sigismember(&pending, SIGUSR2),
           sigismember(&pending, SIGRTMIN));

    /* A new mask for the same descriptor. */
    sigset_t only2;
    sigemptyset(&only2);
    sigaddset(&only2, SIGUSR2);
    printf("remask returns fd: %d\n", signalfd(fd, &only2, 0) == fd);
    kill(self, SIGUSR1);
    printf("readable for usr2 only: 0x%x\n", readable(fd));
    take("usr2 only", fd, 1);
    signalfd(fd, &mask, 0);
    printf("readable with usr1 again: 0x%x\n", readable(fd));
    take("usr1 again", fd, 1);

    /* A POSIX timer's signal. */
    timer_t timer;
    struct sigevent sev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN + 1};
    sev.sigev_value.sival_int = 99;
    timer_create(CLOCK_MONOTONIC, &sev, &timer);
    struct itimerspec its = {.it_value = {.tv_nsec = 1000000}};
    timer_settime(timer, 0, &its, NULL);
    int blocking = signalfd(-1, &mask, 0);
    take("timer", blocking, 1);
    timer_delete(timer);

    /* A blocking read and an epoll wait, each woken by a signal from a child. */
    pid_t child = fork();
    if (child == 0) {
        sleep_ms(50);
        kill(getppid(), SIGUSR2);
        _exit(3);
    }
    take("blocking read", blocking, 1);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 5};
    report("epoll add", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
    struct epoll_event out[2];
    int n = epoll_wait(ep, out, 2, 5000);
    printf("epoll sigchld: %d [0x%x %llu]\n", n, out[0].events, (unsigned long long) out[0].data.u64);
    struct signalfd_siginfo si;
    if (read(fd, &si, sizeof si) == sizeof si) {
        printf("sigchld: signo %u code %d child %d status %d\n", si.ssi_signo, si.ssi_code,
               (pid_t) si.ssi_pid == child, si.ssi_status);
    }
    waitpid(child, NULL, 0);
    printf("epoll after: %d\n", epoll_wait(ep, out, 2, 0));

    /* Another thread's signal is its own; the process's any thread may take. */
    thread_fd = signalfd(-1, &mask, SFD_NONBLOCK);
    pipe(go);
    pthread_t t;
    pthread_create(&t, NULL, other_thread, NULL);
    pthread_kill(t, SIGUSR1);
    take("main reads the thread's", fd, 4);
    kill(self, SIGUSR2);
    if (write(go[1], "x", 1) != 1) {
        perror("go");
    }
    pthread_join(t, NULL);
    take("main after thread", fd, 4);

    /* After fork the child reads the child's signals through the inherited descriptor. */
    kill(self, SIGUSR1);
    child = fork();
    if (child == 0) {
        take("child before", fd, 4);
        raise(SIGUSR2);
        take("child", fd, 4);
        _exit(0);
    }
    waitpid(child, NULL, 0);
    take("parent", fd, 4);
    printf("signalfd: done\n");
    return 0;
}
