/* CPU-time clocks and timers: ITIMER_VIRTUAL/ITIMER_PROF (errors, rounding, signals, fork, exec), clockids from pids and tids, CPU-time POSIX timers, clock_nanosleep on CPU clocks and RLIMIT_CPU. Prints only counts, booleans and errnos. */
#include "zlxtest.h"
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#define MS 1000000L
/* The kernel's encoding (linux/posix-timers.h), used here to check what libc hands out. */
#define PROCESS_CLOCK(pid, type) ((clockid_t)((~(unsigned)(pid)) << 3) | (type))
#define THREAD_CLOCK(tid, type) (PROCESS_CLOCK(tid, type) | 4)

static volatile sig_atomic_t vtalrm, prof, rt, kernel_code = 1, timer_info = 1;
static volatile int stop_burner, burner_done;
static volatile pid_t burner_tid;

static void on_itimer(int sig, siginfo_t *si, void *u) {
    (void)u;
    if (si->si_code != SI_KERNEL) kernel_code = 0;
    if (sig == SIGVTALRM) vtalrm++; else prof++;
}
static void on_rt(int sig, siginfo_t *si, void *u) {
    (void)sig; (void)u;
    if (si->si_code != SI_TIMER || si->si_value.sival_int != 9) timer_info = 0;
    rt++;
}

static long ns(struct timespec t) { return t.tv_sec * 1000000000L + t.tv_nsec; }
static long tv_ns(struct timeval t) { return t.tv_sec * 1000000000L + t.tv_usec * 1000L; }
static long clock_ns(clockid_t c) {
    struct timespec t;
    if (syscall(SYS_clock_gettime, c, &t) != 0) return -errno;
    return ns(t);
}
static long wall_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return ns(t); }
/* Burns CPU with a syscall per round (signals are taken at syscalls) until *flag or 10 s of wall time. */
static void burn_until(volatile sig_atomic_t *count, int n) {
    long end = wall_ns() + 10000 * MS;
    while (*count < n && wall_ns() < end) getppid();
}
static void burn_cpu(clockid_t c, long nanos) {
    long start = clock_ns(c), end = wall_ns() + 10000 * MS;
    while (clock_ns(c) - start < nanos && wall_ns() < end) { }
}
static int err(long r) { return r < 0 ? errno : 0; }

static void *burner(void *a) {
    (void)a;
    burner_tid = syscall(SYS_gettid);
    /* Its own tid names the process clock for clock_gettime, not for clock_getres. */
    struct timespec t;
    int own_get = err(syscall(SYS_clock_gettime, PROCESS_CLOCK(burner_tid, 2), &t));
    int own_res = err(syscall(SYS_clock_getres, PROCESS_CLOCK(burner_tid, 2), &t));
    burn_cpu(CLOCK_THREAD_CPUTIME_ID, 60 * MS);
    burner_done = 1;
    while (!stop_burner) getppid();
    printf("thread: own tid as process clock: gettime %s, getres %s\n", errno_name(own_get), errno_name(own_res));
    return NULL;
}

static void itimer_errors(void) {
    struct itimerval v = {{0, 0}, {0, 1000000}}, o;
    printf("setitimer usec=1000000: %s\n", errno_name(err(setitimer(ITIMER_VIRTUAL, &v, NULL))));
    v.it_value.tv_usec = 0; v.it_value.tv_sec = -1;
    printf("setitimer sec=-1: %s\n", errno_name(err(setitimer(ITIMER_PROF, &v, NULL))));
    v.it_value.tv_sec = 1;
    printf("setitimer which=3: %s\n", errno_name(err(syscall(SYS_setitimer, 3, &v, NULL))));
    printf("getitimer which=-1: %s\n", errno_name(err(syscall(SYS_getitimer, -1, &o))));
    /* A disarmed CPU itimer keeps the interval it was given. */
    struct itimerval only_interval = {{1, 0}, {0, 0}};
    setitimer(ITIMER_VIRTUAL, &only_interval, NULL);
    getitimer(ITIMER_VIRTUAL, &o);
    printf("virtual disarmed: value=%ld interval=%ld\n", tv_ns(o.it_value), tv_ns(o.it_interval));
    struct itimerval two = {{0, 0}, {2, 0}};
    setitimer(ITIMER_PROF, &two, NULL);
    getitimer(ITIMER_PROF, &o);
    int fresh = tv_ns(o.it_value) > 1900 * MS && tv_ns(o.it_value) <= 2100 * MS;
    struct itimerval zero = {{0, 0}, {0, 0}};
    setitimer(ITIMER_PROF, &zero, &o);
    int old = tv_ns(o.it_value) > 1900 * MS && tv_ns(o.it_value) <= 2100 * MS;
    getitimer(ITIMER_PROF, &o);
    printf("prof 2s: value ok=%d, old value ok=%d, disarmed=%d\n", fresh, old, tv_ns(o.it_value) == 0);
    setitimer(ITIMER_VIRTUAL, &zero, NULL);
}

static void itimer_signals(const char *self) {
    struct sigaction sa = {0}; sa.sa_sigaction = on_itimer; sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGVTALRM, &sa, NULL); sigaction(SIGPROF, &sa, NULL);
    /* No CPU is used while sleeping: a virtual timer does not move. */
    struct itimerval fifty = {{0, 0}, {0, 50000}}, o;
    setitimer(ITIMER_VIRTUAL, &fifty, NULL);
    struct timespec nap = {0, 200 * MS}; nanosleep(&nap, NULL);
    getitimer(ITIMER_VIRTUAL, &o);
    printf("virtual timer still while sleeping: %d\n", vtalrm == 0 && tv_ns(o.it_value) > 30 * MS);
    struct itimerval every = {{0, 10000}, {0, 10000}};
    setitimer(ITIMER_VIRTUAL, &every, NULL);
    setitimer(ITIMER_PROF, &every, NULL);
    burn_until(&vtalrm, 1); burn_until(&prof, 1);
    int within = 1;
    while (vtalrm < 5 || prof < 5) {
        burn_until(&vtalrm, vtalrm + 1);
        struct itimerval a, b;
        getitimer(ITIMER_VIRTUAL, &a); getitimer(ITIMER_PROF, &b);
        if (a.it_value.tv_sec != 0 || a.it_value.tv_usec > 10000 || tv_ns(a.it_interval) != 10 * MS) within = 0;
        if (b.it_value.tv_sec != 0 || b.it_value.tv_usec > 10000 || tv_ns(b.it_interval) != 10 * MS) within = 0;
        if (vtalrm > 1000) break;
    }
    printf("itimers: vtalrm>=5 %d, prof>=5 %d, si_code SI_KERNEL %d, remaining within interval %d\n",
           vtalrm >= 5, prof >= 5, kernel_code, within);
    struct itimerval zero = {{0, 0}, {0, 0}};
    setitimer(ITIMER_PROF, &zero, NULL);

    /* fork: the child has no itimers; exec keeps them (the virtual one is still armed here). */
    struct itimerval long_one = {{0, 0}, {100, 0}};
    setitimer(ITIMER_VIRTUAL, &long_one, NULL);
    pid_t c = fork();
    if (c == 0) {
        getitimer(ITIMER_VIRTUAL, &o);
        printf("fork child: virtual itimer zero=%d\n", tv_ns(o.it_value) == 0 && tv_ns(o.it_interval) == 0);
        fflush(stdout);
        setitimer(ITIMER_PROF, &long_one, NULL);
        char *args[] = {(char *)self, "after-exec", NULL};
        execv(self, args);
        _exit(127);
    }
    int st; waitpid(c, &st, 0);
    setitimer(ITIMER_VIRTUAL, &zero, NULL);
}

static void clockids(pthread_t thread) {
    clockid_t c;
    int r = clock_getcpuclockid(getpid(), &c);
    printf("clock_getcpuclockid(self): %s encoding=%d\n", errno_name(r), c == PROCESS_CLOCK(getpid(), 2));
    struct timespec res;
    syscall(SYS_clock_getres, c, &res);
    long prof_res = -1, virt_res = -1;
    struct timespec t;
    if (syscall(SYS_clock_getres, PROCESS_CLOCK(getpid(), 0), &t) == 0) prof_res = ns(t);
    if (syscall(SYS_clock_getres, PROCESS_CLOCK(0, 1), &t) == 0) virt_res = ns(t);
    printf("getres: sched=%ld prof tick=%d virt tick=%d\n", ns(res), prof_res > 1, virt_res == prof_res);
    printf("process clock readable=%d\n", clock_ns(c) > 0 && clock_ns(PROCESS_CLOCK(getpid(), 0)) >= 0);
    printf("clock_getcpuclockid(parent): %s\n", errno_name(clock_getcpuclockid(getppid(), &c)));
    printf("type 3: %s, type 7: %s\n", errno_name((int)-clock_ns(PROCESS_CLOCK(getpid(), 3))),
           errno_name((int)-clock_ns(PROCESS_CLOCK(getpid(), 7))));

    int pipefd[2]; pipe(pipefd);
    pid_t child = fork();
    if (child == 0) { char b; close(pipefd[1]); read(pipefd[0], &b, 1); _exit(0); }
    close(pipefd[0]);
    printf("other process: process clock %s, its thread clock %s\n",
           errno_name(clock_ns(PROCESS_CLOCK(child, 2)) >= 0 ? 0 : (int)-clock_ns(PROCESS_CLOCK(child, 2))),
           errno_name((int)-clock_ns(THREAD_CLOCK(child, 2))));
    close(pipefd[1]);
    siginfo_t si; waitid(P_PID, child, &si, WEXITED | WNOWAIT);
    printf("zombie: %s\n", errno_name(clock_getcpuclockid(child, &c)));
    waitpid(child, NULL, 0);
    printf("reaped: %s\n", errno_name(clock_getcpuclockid(child, &c)));

    clockid_t tc;
    r = pthread_getcpuclockid(thread, &tc);
    while (!burner_done) getppid();
    printf("pthread_getcpuclockid: %s encoding=%d burned>=50ms=%d\n", errno_name(r),
           tc == THREAD_CLOCK(burner_tid, 2), clock_ns(tc) >= 50 * MS);
    printf("thread tid as process clock from another thread: %s\n",
           errno_name((int)-clock_ns(PROCESS_CLOCK(burner_tid, 2))));
    printf("own thread clock by tid: %d\n", clock_ns(THREAD_CLOCK(syscall(SYS_gettid), 2)) > 0);
}

static void posix_cpu_timers(clockid_t thread_clock) {
    struct sigaction sa = {0}; sa.sa_sigaction = on_rt; sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGRTMIN, &sa, NULL);
    struct sigevent ev = {0}; ev.sigev_notify = SIGEV_SIGNAL; ev.sigev_signo = SIGRTMIN; ev.sigev_value.sival_int = 9;
    timer_t t;
    int r = timer_create(CLOCK_PROCESS_CPUTIME_ID, &ev, &t);
    struct itimerspec every = {{0, 20 * MS}, {0, 20 * MS}}, cur;
    timer_settime(t, 0, &every, NULL);
    burn_until(&rt, 1);
    int within = 1;
    while (rt < 3) {
        burn_until(&rt, rt + 1);
        timer_gettime(t, &cur);
        if (ns(cur.it_value) <= 0 || ns(cur.it_value) > 20 * MS || ns(cur.it_interval) != 20 * MS) within = 0;
    }
    timer_delete(t);
    printf("process cpu timer: create %s, fired>=3 %d, siginfo ok %d, remaining within interval %d\n",
           errno_name(r ? errno : 0), rt >= 3, timer_info, within);

    /* SIGEV_NONE on the thread clock only counts down, with this thread's CPU time. */
    struct sigevent none = {0}; none.sigev_notify = SIGEV_NONE;
    timer_create(CLOCK_THREAD_CPUTIME_ID, &none, &t);
    struct itimerspec once = {{0, 0}, {1, 0}};
    timer_settime(t, 0, &once, NULL);
    timer_gettime(t, &cur);
    long before = ns(cur.it_value);
    burn_cpu(CLOCK_THREAD_CPUTIME_ID, 30 * MS);
    timer_gettime(t, &cur);
    printf("thread cpu timer (SIGEV_NONE): counts down %d\n",
           before > 900 * MS && before <= 1000 * MS && ns(cur.it_value) < before - 25 * MS);
    struct itimerspec past = {{0, 0}, {0, 1}};
    timer_settime(t, TIMER_ABSTIME, &past, NULL);
    timer_gettime(t, &cur);
    printf("absolute time in the past (SIGEV_NONE): value=%ld\n", ns(cur.it_value));
    timer_delete(t);

    /* A timer on another thread's clock fires on that thread's CPU time. */
    sigset_t set; sigemptyset(&set); sigaddset(&set, SIGRTMIN + 1);
    ev.sigev_signo = SIGRTMIN + 1;
    r = timer_create(thread_clock, &ev, &t);
    struct itimerspec thirty = {{0, 0}, {0, 30 * MS}};
    timer_settime(t, 0, &thirty, NULL);
    struct timespec wait = {10, 0};
    int got = sigtimedwait(&set, NULL, &wait);
    timer_delete(t);
    printf("timer on the other thread's clock: create %s, fired %d\n", errno_name(r ? errno : 0), got == SIGRTMIN + 1);
    printf("timer_create on another process's thread clock: %s\n",
           errno_name(timer_create(THREAD_CLOCK(getppid(), 2), &ev, &t) ? errno : 0));
}

static void cpu_sleeps(clockid_t thread_clock) {
    struct timespec d = {0, 50 * MS};
    printf("clock_nanosleep(THREAD_CPUTIME): %s\n", errno_name(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &d, NULL)));
    printf("syscall clock_nanosleep(CLOCK_THREAD_CPUTIME_ID): %s\n",
           errno_name(err(syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &d, NULL))));
    printf("syscall clock_nanosleep(own thread clock): %s\n",
           errno_name(err(syscall(SYS_clock_nanosleep, THREAD_CLOCK(0, 2), 0, &d, NULL))));
    long before = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    int r = clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &d, NULL);
    printf("clock_nanosleep(PROCESS_CPUTIME, 50ms): %s advanced=%d\n", errno_name(r),
           clock_ns(CLOCK_PROCESS_CPUTIME_ID) - before >= 50 * MS);
    struct timespec past = {0, 1};
    printf("absolute, in the past: %s\n", errno_name(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &past, NULL)));
    before = clock_ns(thread_clock);
    d.tv_nsec = 30 * MS;
    r = clock_nanosleep(thread_clock, 0, &d, NULL);
    printf("clock_nanosleep(other thread's clock, 30ms): %s advanced=%d\n", errno_name(r),
           clock_ns(thread_clock) - before >= 30 * MS);
}

static int xcpu_pipe;
static void on_xcpu(int sig) {
    (void)sig;
    struct rlimit rl; getrlimit(RLIMIT_CPU, &rl);
    char c = (char)('0' + rl.rlim_cur);
    write(xcpu_pipe, &c, 1);
}

/* RLIMIT_CPU 1 s soft, 2 s hard: SIGXCPU at 1 s (the soft limit moves to 2), SIGKILL at 2 s. */
static void cpu_rlimit(void) {
    int p[2]; pipe(p);
    pid_t c = fork();
    if (c == 0) {
        close(p[0]); xcpu_pipe = p[1];
        signal(SIGXCPU, on_xcpu);
        struct rlimit rl = {1, 2}; setrlimit(RLIMIT_CPU, &rl);
        long end = wall_ns() + 30000 * MS;
        while (wall_ns() < end) getppid();
        _exit(0);
    }
    close(p[1]);
    char got[8] = {0}; int n = 0, r;
    while (n < 7 && (r = read(p[0], got + n, 1)) > 0) n++;
    int st; waitpid(c, &st, 0);
    printf("RLIMIT_CPU: SIGXCPU %d time(s), soft limit then %s, killed by SIGKILL %d\n", n, got,
           WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "after-exec") == 0) {
        struct itimerval o;
        getitimer(ITIMER_PROF, &o);
        printf("after exec: prof itimer kept=%d\n", tv_ns(o.it_value) > 99 * 1000 * MS);
        return 0;
    }
    itimer_errors();
    itimer_signals(argv[0]);
    sigset_t set; sigemptyset(&set); sigaddset(&set, SIGRTMIN + 1);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    pthread_t th; pthread_create(&th, NULL, burner, NULL);
    clockids(th);
    clockid_t tc; pthread_getcpuclockid(th, &tc);
    burner_done = 0;
    /* The burner keeps burning (getppid) while the main thread waits on its clock. */
    posix_cpu_timers(tc);
    cpu_sleeps(tc);
    stop_burner = 1;
    pthread_join(th, NULL);
    long end = wall_ns() + 2000 * MS;
    while (clock_ns(tc) >= 0 && wall_ns() < end) { struct timespec n = {0, MS}; nanosleep(&n, NULL); }
    printf("ended thread's clock: %s\n", errno_name((int)-clock_ns(tc)));
    cpu_rlimit();
    return 0;
}
