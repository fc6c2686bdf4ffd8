/*
 * What pthreads.c leaves out: barriers, rwlocks, thread-specific data with destructors,
 * detached threads, deferred cancellation at cancellation points with cleanup handlers,
 * pthread_kill to a thread with a handler, and pthread_sigmask deciding which thread takes a
 * process-directed signal. Only the main thread prints, after the others are done.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "zlxtest.h"

static int tid(void) { return (int)syscall(SYS_gettid); }

/* Barriers: 4 threads, 5 rounds; exactly one serial thread per round. */
#define NBAR 4
#define ROUNDS 5
static pthread_barrier_t bar;
static int serial_count, round_arrivals[ROUNDS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *barrier_worker(void *arg)
{
    (void)arg;
    for (int r = 0; r < ROUNDS; r++) {
        pthread_mutex_lock(&lock);
        round_arrivals[r]++;
        pthread_mutex_unlock(&lock);
        int rc = pthread_barrier_wait(&bar);
        pthread_mutex_lock(&lock);
        /* Past the barrier every thread of this round has arrived. */
        if (round_arrivals[r] != NBAR) {
            round_arrivals[r] = -100;
        }
        if (rc == PTHREAD_BARRIER_SERIAL_THREAD) {
            serial_count++;
        } else if (rc != 0) {
            serial_count = -1000;
        }
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static void barriers(void)
{
    pthread_t t[NBAR];
    pthread_barrier_init(&bar, NULL, NBAR);
    for (int i = 0; i < NBAR; i++) {
        pthread_create(&t[i], NULL, barrier_worker, NULL);
    }
    for (int i = 0; i < NBAR; i++) {
        pthread_join(t[i], NULL);
    }
    int ok = 1;
    for (int r = 0; r < ROUNDS; r++) {
        ok &= round_arrivals[r] == NBAR;
    }
    printf("barrier: %d threads, %d rounds, all arrived each round %d, serial threads %d\n", NBAR, ROUNDS, ok,
           serial_count);
    pthread_barrier_destroy(&bar);
}

/* Rwlocks: 3 readers hold the lock at once (they meet at a barrier inside it), writers exclude. */
#define NREAD 3
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t inside;
static int try_wr_while_read, a_val, b_val, torn;

static void *reader(void *arg)
{
    long first = (long)arg;
    pthread_rwlock_rdlock(&rw);
    pthread_barrier_wait(&inside);
    if (first) {
        try_wr_while_read = pthread_rwlock_trywrlock(&rw);
    }
    pthread_barrier_wait(&inside);
    pthread_rwlock_unlock(&rw);
    for (int i = 0; i < 2000; i++) {
        pthread_rwlock_rdlock(&rw);
        if (a_val != b_val) {
            torn++;
        }
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}

static void *writer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        pthread_rwlock_wrlock(&rw);
        a_val++;
        if (i % 100 == 0) {
            sched_yield();
        }
        b_val++;
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}

static void rwlocks(void)
{
    pthread_t r[NREAD], w[2];
    pthread_barrier_init(&inside, NULL, NREAD);
    for (long i = 0; i < NREAD; i++) {
        pthread_create(&r[i], NULL, reader, (void *)(long)(i == 0));
    }
    for (int i = 0; i < 2; i++) {
        pthread_create(&w[i], NULL, writer, NULL);
    }
    for (int i = 0; i < NREAD; i++) {
        pthread_join(r[i], NULL);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(w[i], NULL);
    }
    printf("rwlock: %d readers inside at once, trywrlock while read-locked: %s, a=%d b=%d torn reads %d\n", NREAD,
           errno_name(try_wr_while_read), a_val, b_val, torn);
    pthread_rwlock_wrlock(&rw);
    int tr = pthread_rwlock_tryrdlock(&rw);
    int tw = pthread_rwlock_trywrlock(&rw);
    pthread_rwlock_unlock(&rw);
    int after = pthread_rwlock_tryrdlock(&rw);
    pthread_rwlock_unlock(&rw);
    printf("rwlock: write-locked: tryrdlock %s, trywrlock %s; free: tryrdlock %s\n", errno_name(tr),
           errno_name(tw), errno_name(after));
    pthread_barrier_destroy(&inside);
}

/* Thread-specific data: each thread's value is its own; destructors run at its exit. */
static pthread_key_t key;
static int destructed[4], seen_own[4];

static void destructor(void *value)
{
    pthread_mutex_lock(&lock);
    destructed[*(int *)value]++;
    pthread_mutex_unlock(&lock);
}

static int ids[4] = {0, 1, 2, 3};

static void *tsd_worker(void *arg)
{
    int *id = arg;
    seen_own[*id] = pthread_getspecific(key) == NULL;
    pthread_setspecific(key, id);
    usleep(5000);
    seen_own[*id] &= pthread_getspecific(key) == id;
    if (*id == 3) {
        pthread_exit(NULL); /* destructors run for pthread_exit too */
    }
    return NULL;
}

static void tsd(void)
{
    pthread_key_create(&key, destructor);
    pthread_setspecific(key, &ids[0]);
    pthread_t t[3];
    for (int i = 0; i < 3; i++) {
        pthread_create(&t[i], NULL, tsd_worker, &ids[i + 1]);
    }
    for (int i = 0; i < 3; i++) {
        pthread_join(t[i], NULL);
    }
    printf("tsd: own values %d %d %d, destructors run %d %d %d, main's value kept %d (not destructed %d)\n",
           seen_own[1], seen_own[2], seen_own[3], destructed[1], destructed[2], destructed[3],
           pthread_getspecific(key) == &ids[0], destructed[0] == 0);
    pthread_key_delete(key);
}

/* Detached threads: they finish on their own; joining one that still runs is EINVAL (glibc). */
static sem_t done, hold;

static void *detached_worker(void *arg)
{
    if (arg != NULL) {
        sem_wait(&hold);
    }
    sem_post(&done);
    return NULL;
}

static void detached(void)
{
    sem_init(&done, 0, 0);
    sem_init(&hold, 0, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t t;
    for (int i = 0; i < 3; i++) {
        pthread_create(&t, &attr, detached_worker, NULL);
    }
    pthread_create(&t, NULL, detached_worker, (void *)1);
    int d = pthread_detach(t);
#ifdef __GLIBC__
    const char *join = errno_name(pthread_join(t, NULL));
#else
    const char *join = "not tried (musl aborts)"; /* undefined behaviour in POSIX */
#endif
    sem_post(&hold);
    for (int i = 0; i < 4; i++) {
        sem_wait(&done);
    }
    int state;
    pthread_attr_getdetachstate(&attr, &state);
    printf("detach: 4 detached threads finished, pthread_detach %s, join of a detached thread %s, attr detached %d\n",
           errno_name(d), join, state == PTHREAD_CREATE_DETACHED);
    pthread_attr_destroy(&attr);
    usleep(20000); /* let the detached threads end before the next part */
}

/* Cancellation: deferred, acted on at pthread_testcancel, sleep and read; cleanup handlers run. */
static int cleaned[3], pipefd[2];
static sem_t started;

static void cleanup(void *arg)
{
    cleaned[(long)arg]++;
}

static void *cancel_testcancel(void *arg)
{
    (void)arg;
    pthread_cleanup_push(cleanup, (void *)0);
    sem_post(&started);
    for (;;) {
        usleep(100); /* a cancellation point too; either acts on the request */
        pthread_testcancel();
    }
    pthread_cleanup_pop(0);
    return NULL;
}

static void *cancel_sleep(void *arg)
{
    (void)arg;
    pthread_cleanup_push(cleanup, (void *)1);
    sem_post(&started);
    sleep(100);
    pthread_cleanup_pop(0);
    return (void *)1;
}

static void *cancel_read(void *arg)
{
    (void)arg;
    char c;
    pthread_cleanup_push(cleanup, (void *)2);
    sem_post(&started);
    read(pipefd[0], &c, 1);
    pthread_cleanup_pop(0);
    return (void *)1;
}

static void *cancel_disabled(void *arg)
{
    (void)arg;
    int old;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
    sem_post(&started);
    usleep(50000); /* the request stays pending while disabled */
    pthread_setcancelstate(old, NULL);
    return (void *)7; /* no cancellation point before returning */
}

static void cancellation(void)
{
    sem_init(&started, 0, 0);
    pipe(pipefd);
    void *(*fns[])(void *) = {cancel_testcancel, cancel_sleep, cancel_read};
    const char *names[] = {"testcancel", "sleep", "read"};
    for (int i = 0; i < 3; i++) {
        pthread_t t;
        pthread_create(&t, NULL, fns[i], NULL);
        sem_wait(&started);
        usleep(20000); /* into the blocking call */
        int c = pthread_cancel(t);
        void *res;
        int j = pthread_join(t, &res);
        printf("cancel at %s: cancel %s, join %s, PTHREAD_CANCELED %d, cleanup ran %d\n", names[i], errno_name(c),
               errno_name(j), res == PTHREAD_CANCELED, cleaned[i]);
    }
    pthread_t t;
    pthread_create(&t, NULL, cancel_disabled, NULL);
    sem_wait(&started);
    int c = pthread_cancel(t);
    void *res;
    pthread_join(t, &res);
    printf("cancel while disabled: cancel %s, result %ld\n", errno_name(c), (long)res);
}

/* pthread_kill: the handler runs on the named thread; pthread_sigmask picks the taker of kill(). */
static volatile int handled_by, handled_sig;
static sem_t go;

static void handler(int sig)
{
    handled_by = tid();
    handled_sig = sig;
}

static volatile int worker_tid;

static void *kill_target(void *arg)
{
    (void)arg;
    worker_tid = tid();
    sem_post(&started);
    while (sem_wait(&go) != 0) {
        /* EINTR: the handler ran while waiting */
    }
    return NULL;
}

static void *unblocks_usr2(void *arg)
{
    (void)arg;
    worker_tid = tid();
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    sem_post(&started);
    while (handled_sig != SIGUSR2) {
        usleep(1000);
    }
    return NULL;
}

static void signals(void)
{
    sem_init(&go, 0, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);

    pthread_t t;
    pthread_create(&t, NULL, kill_target, NULL);
    sem_wait(&started);
    int probe = pthread_kill(t, 0);
    int k = pthread_kill(t, SIGUSR1);
    for (int i = 0; i < 2000 && handled_sig == 0; i++) {
        usleep(1000);
    }
    int on_target = handled_by == worker_tid && handled_by != tid();
    sem_post(&go);
    pthread_join(t, NULL);
    printf("pthread_kill: probe %s, kill %s, handler ran for signal %d on the target thread %d\n",
           errno_name(probe), errno_name(k), handled_sig, on_target);

    /* Main blocks SIGUSR2; the new thread inherits the mask and unblocks it: kill() goes to it. */
    sigset_t s, old, cur;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &s, &old);
    int bad = pthread_sigmask(12345, &s, NULL);
    pthread_sigmask(SIG_BLOCK, NULL, &cur);
    int blocked = sigismember(&cur, SIGUSR2) && !sigismember(&old, SIGUSR2);
    handled_sig = 0;
    handled_by = 0;
    pthread_create(&t, NULL, unblocks_usr2, NULL);
    sem_wait(&started);
    kill(getpid(), SIGUSR2);
    pthread_join(t, NULL);
    printf("pthread_sigmask: blocked %d, bad how %s, process signal %d taken by the thread that unblocked it %d\n",
           blocked, errno_name(bad), handled_sig, handled_by == worker_tid);

    /* A blocked signal sent to main stays pending until main unblocks it. */
    handled_sig = 0;
    pthread_kill(pthread_self(), SIGUSR2);
    sigset_t pend;
    sigpending(&pend);
    int pending = sigismember(&pend, SIGUSR2) && handled_sig == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    printf("pending while blocked %d, handled on unblock %d by main %d\n", pending, handled_sig == SIGUSR2,
           handled_by == tid());
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    barriers();
    rwlocks();
    tsd();
    detached();
    cancellation();
    signals();
    return 0;
}
