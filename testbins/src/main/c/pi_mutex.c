/* Priority-inheritance mutexes (PTHREAD_PRIO_INHERIT), which glibc and musl build on the PI
 * futex operations, and those operations called directly on a word of our own:
 * LOCK_PI, LOCK_PI2, TRYLOCK_PI, UNLOCK_PI, WAIT_REQUEUE_PI, CMP_REQUEUE_PI, with their errors,
 * the hand-over to a waiter on unlock, owner death, timeouts and a signal during LOCK_PI. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* From <linux/futex.h>, which musl-gcc does not see. */
#define FUTEX_WAKE 1
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8
#define FUTEX_WAIT_REQUEUE_PI 11
#define FUTEX_CMP_REQUEUE_PI 12
#define FUTEX_LOCK_PI2 13
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3fffffffu

static const char *en(int e) {
    switch (e) {
    case 0: return "0";
    case EBUSY: return "EBUSY";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EDEADLK: return "EDEADLK";
    case EOWNERDEAD: return "EOWNERDEAD";
    case EPERM: return "EPERM";
    case ESRCH: return "ESRCH";
    case EINVAL: return "EINVAL";
    case EAGAIN: return "EAGAIN";
    case ENOSYS: return "ENOSYS";
    case EINTR: return "EINTR";
    default: return strerror(e);
    }
}

static unsigned tid(void) { return (unsigned)syscall(SYS_gettid); }

/* futex(2) with the result as "0", a count, or the errno's name. */
static __thread char res[32]; /* per thread: a peer may call fx while main reads its result */
static const char *fx(_Atomic unsigned *w, int op, unsigned val, const struct timespec *ts, _Atomic unsigned *w2,
                      unsigned val3) {
    long r = syscall(SYS_futex, w, op | FUTEX_PRIVATE_FLAG, val, ts, w2, val3);
    if (r < 0) return en(errno);
    snprintf(res, sizeof res, "%ld", r);
    return res;
}

/* The word relative to a thread: its owner as "main"/"peer"/"none"/"other", then the flags. */
static unsigned main_tid, peer_tid;
static __thread char wordbuf[64];
static const char *word(unsigned v) {
    unsigned t = v & FUTEX_TID_MASK;
    snprintf(wordbuf, sizeof wordbuf, "%s%s%s", t == 0 ? "none" : t == main_tid ? "main" : t == peer_tid ? "peer" : "other",
             v & FUTEX_WAITERS ? "|WAITERS" : "", v & FUTEX_OWNER_DIED ? "|OWNER_DIED" : "");
    return wordbuf;
}

/* The result of a futex call, then the word after it (two statements: arguments have no order). */
#define SHOW(label, call) do { const char *r_ = (call); printf("%s: %s, word %s\n", label, r_, word(w)); } while (0)

static void wait_for_bit(_Atomic unsigned *w, unsigned bit) {
    while (!(atomic_load(w) & bit)) usleep(1000);
}

static struct timespec after_ms(clockid_t c, long ms) {
    struct timespec ts;
    clock_gettime(c, &ts);
    ts.tv_nsec += ms * 1000000L;
    ts.tv_sec += ts.tv_nsec / 1000000000L;
    ts.tv_nsec %= 1000000000L;
    return ts;
}

static pthread_t start(void *(*fn)(void *), void *arg) {
    pthread_t t;
    pthread_create(&t, NULL, fn, arg);
    return t;
}

/* ---- pthread mutexes with PTHREAD_PRIO_INHERIT ---- */

static pthread_mutex_t m;
static long counter;

static void init_pi(pthread_mutex_t *mx, int type, int robust) {
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, type);
    pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
    if (robust) pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(mx, &a);
    pthread_mutexattr_destroy(&a);
}

static void *count(void *a) {
    for (int i = 0; i < 10000; i++) {
        pthread_mutex_lock(&m);
        counter++;
        if (i % 50 == 0) sched_yield(); /* let the others find it locked */
        pthread_mutex_unlock(&m);
    }
    return a;
}

static void *try_it(void *a) {
    (void)a;
    printf("trylock while held: %s\n", en(pthread_mutex_trylock(&m)));
    struct timespec ts = after_ms(CLOCK_REALTIME, 50);
    printf("timedlock while held: %s\n", en(pthread_mutex_timedlock(&m, &ts)));
#ifdef __GLIBC__
    ts = after_ms(CLOCK_MONOTONIC, 50);
    printf("clocklock(MONOTONIC) while held: %s\n", en(pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &ts)));
#endif
    return NULL;
}

static void *die_holding(void *a) {
    pthread_mutex_lock(&m);
    if (a) wait_for_bit(a, FUTEX_WAITERS); /* the main thread blocks on it before we die */
    return NULL;
}

static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int turn;

static void *ping(void *a) {
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&m);
        while (turn != 1) pthread_cond_wait(&cv, &m);
        turn = 0;
        pthread_cond_signal(&cv);
        pthread_mutex_unlock(&m);
    }
    return a;
}

static void mutexes(void) {
    init_pi(&m, PTHREAD_MUTEX_NORMAL, 0);
    pthread_t t[4];
    for (int i = 0; i < 4; i++) t[i] = start(count, NULL);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    printf("4 threads, PI mutex: counter=%ld\n", counter);

    pthread_mutex_lock(&m);
    pthread_join(start(try_it, NULL), NULL);
    printf("unlock after the timeouts: %s\n", en(pthread_mutex_unlock(&m)));
    pthread_mutex_destroy(&m);

    init_pi(&m, PTHREAD_MUTEX_ERRORCHECK, 0);
    pthread_mutex_lock(&m);
    printf("errorcheck PI relock: %s\n", en(pthread_mutex_lock(&m)));
    pthread_mutex_unlock(&m);
    printf("errorcheck PI unlock unlocked: %s\n", en(pthread_mutex_unlock(&m)));
    pthread_mutex_destroy(&m);

    init_pi(&m, PTHREAD_MUTEX_RECURSIVE, 0);
    int a = pthread_mutex_lock(&m), b = pthread_mutex_lock(&m);
    int c = pthread_mutex_unlock(&m), d = pthread_mutex_unlock(&m);
    printf("recursive PI: %s %s %s %s\n", en(a), en(b), en(c), en(d));
    pthread_mutex_destroy(&m);

    init_pi(&m, PTHREAD_MUTEX_NORMAL, 1);
    pthread_join(start(die_holding, NULL), NULL);
    int r = pthread_mutex_lock(&m);
    a = pthread_mutex_consistent(&m);
    b = pthread_mutex_unlock(&m);
    c = pthread_mutex_lock(&m);
    printf("robust PI, owner died: %s, consistent: %s, unlock: %s, relock: %s\n", en(r), en(a), en(b), en(c));
    pthread_mutex_unlock(&m);
    pthread_mutex_destroy(&m);

    init_pi(&m, PTHREAD_MUTEX_NORMAL, 1);
#ifdef __GLIBC__
    _Atomic unsigned *lockword = (_Atomic unsigned *)&((int *)&m)[0];
#else
    _Atomic unsigned *lockword = (_Atomic unsigned *)&((int *)&m)[1];
#endif
    pthread_t d2 = start(die_holding, (void *)lockword);
    while (!(atomic_load(lockword) & FUTEX_TID_MASK)) usleep(1000);
    r = pthread_mutex_lock(&m); /* blocks until the owner dies */
    pthread_join(d2, NULL);
    printf("robust PI, owner died while we waited: %s, consistent: %s\n", en(r), en(pthread_mutex_consistent(&m)));
    pthread_mutex_unlock(&m);
    pthread_mutex_destroy(&m);

    init_pi(&m, PTHREAD_MUTEX_NORMAL, 0);
    pthread_t p = start(ping, NULL);
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&m);
        turn = 1;
        pthread_cond_signal(&cv);
        while (turn != 0) pthread_cond_wait(&cv, &m);
        pthread_mutex_unlock(&m);
    }
    pthread_join(p, NULL);
    pthread_mutex_lock(&m);
    struct timespec ts = after_ms(CLOCK_REALTIME, 30);
    r = pthread_cond_timedwait(&cv, &m, &ts);
    printf("condvar with PI mutex: 100 rounds, timedwait: %s, unlock: %s\n", en(r), en(pthread_mutex_unlock(&m)));
}

/* ---- the futex operations themselves ---- */

static _Atomic unsigned w, cond;
static atomic_int handled;
static unsigned dead_tid;

static void *record_tid(void *a) { dead_tid = tid(); return a; }

static void *peer_basics(void *a) {
    (void)a;
    peer_tid = tid();
    SHOW("peer TRYLOCK_PI on main's", fx(&w, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0));
    printf("peer UNLOCK_PI on main's: %s\n", fx(&w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
    struct timespec ts = after_ms(CLOCK_REALTIME, 30);
    printf("peer LOCK_PI, realtime timeout: %s\n", fx(&w, FUTEX_LOCK_PI, 0, &ts, NULL, 0));
    ts = after_ms(CLOCK_MONOTONIC, 30);
    printf("peer LOCK_PI2, monotonic timeout: %s\n", fx(&w, FUTEX_LOCK_PI2, 0, &ts, NULL, 0));
    ts = after_ms(CLOCK_REALTIME, 30);
    printf("peer LOCK_PI2|CLOCK_REALTIME, timeout: %s\n", fx(&w, FUTEX_LOCK_PI2 | FUTEX_CLOCK_REALTIME, 0, &ts, NULL, 0));
    ts.tv_nsec = 1000000000L;
    printf("peer LOCK_PI, bad timeout: %s\n", fx(&w, FUTEX_LOCK_PI, 0, &ts, NULL, 0));
    return NULL;
}

static void *peer_holds(void *a) {
    (void)a;
    peer_tid = tid();
    fx(&w, FUTEX_LOCK_PI, 0, NULL, NULL, 0);
    wait_for_bit(&w, FUTEX_WAITERS); /* main blocked on it */
    usleep(20000);
    fx(&w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);
    return NULL;
}

static void on_usr1(int s) { (void)s; atomic_store(&handled, 1); }

static void *peer_locks(void *a) {
    (void)a;
    peer_tid = tid();
    const char *r = fx(&w, FUTEX_LOCK_PI, 0, NULL, NULL, 0);
    printf("peer LOCK_PI across a signal: %s, handler ran: %d\n", r, atomic_load(&handled));
    fx(&w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);
    return NULL;
}

static void *peer_requeued(void *a) {
    (void)a;
    peer_tid = tid();
    SHOW("peer WAIT_REQUEUE_PI", fx(&cond, FUTEX_WAIT_REQUEUE_PI, 0, NULL, &w, 0));
    printf("peer UNLOCK_PI: %s\n", fx(&w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
    return NULL;
}

/* Until the peer waits on cond: FUTEX_WAKE finds a requeue_pi waiter, which it refuses. */
static const char *await_requeue_waiter(void) {
    const char *r;
    while (strcmp(r = fx(&cond, FUTEX_WAKE, 1, NULL, NULL, 0), "0") == 0) usleep(1000);
    return r;
}

static void raw(void) {
    main_tid = tid();
    SHOW("LOCK_PI free", fx(&w, FUTEX_LOCK_PI, 0, NULL, NULL, 0));
    printf("LOCK_PI own: %s\n", fx(&w, FUTEX_LOCK_PI, 0, NULL, NULL, 0));
    printf("TRYLOCK_PI own: %s\n", fx(&w, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0));
    printf("LOCK_PI|CLOCK_REALTIME: %s\n", fx(&w, FUTEX_LOCK_PI | FUTEX_CLOCK_REALTIME, 0, NULL, NULL, 0));
    pthread_join(start(peer_basics, NULL), NULL);
    SHOW("UNLOCK_PI", fx(&w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
    printf("UNLOCK_PI free: %s\n", fx(&w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
    SHOW("TRYLOCK_PI free", fx(&w, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0));
    fx(&w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);

    pthread_join(start(record_tid, NULL), NULL);
    w = dead_tid;
    SHOW("LOCK_PI owned by an exited thread", fx(&w, FUTEX_LOCK_PI, 0, NULL, NULL, 0));
    w = FUTEX_OWNER_DIED;
    SHOW("LOCK_PI of OWNER_DIED", fx(&w, FUTEX_LOCK_PI, 0, NULL, NULL, 0));
    w = FUTEX_WAITERS;
    SHOW("LOCK_PI of stale WAITERS", fx(&w, FUTEX_LOCK_PI, 0, NULL, NULL, 0));
    fx(&w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);

    pthread_t p = start(peer_holds, NULL);
    while (!(atomic_load(&w) & FUTEX_TID_MASK)) usleep(1000);
    SHOW("LOCK_PI handed over by the owner", fx(&w, FUTEX_LOCK_PI, 0, NULL, NULL, 0));
    pthread_join(p, NULL);
    SHOW("UNLOCK_PI, no waiter left", fx(&w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1; /* no SA_RESTART: LOCK_PI restarts all the same */
    sigaction(SIGUSR1, &sa, NULL);
    fx(&w, FUTEX_LOCK_PI, 0, NULL, NULL, 0);
    p = start(peer_locks, NULL);
    wait_for_bit(&w, FUTEX_WAITERS);
    pthread_kill(p, SIGUSR1);
    while (!atomic_load(&handled)) usleep(1000);
    usleep(20000);
    fx(&w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);
    pthread_join(p, NULL);

    printf("WAIT_REQUEUE_PI same address: %s\n", fx(&cond, FUTEX_WAIT_REQUEUE_PI, 0, NULL, &cond, 0));
    printf("WAIT_REQUEUE_PI value changed: %s\n", fx(&cond, FUTEX_WAIT_REQUEUE_PI, 1, NULL, &w, 0));
    printf("CMP_REQUEUE_PI nr_wake 2: %s\n", fx(&cond, FUTEX_CMP_REQUEUE_PI, 2, (void *)1, &w, 0));
    printf("CMP_REQUEUE_PI same address: %s\n", fx(&cond, FUTEX_CMP_REQUEUE_PI, 1, (void *)1, &cond, 0));
    printf("CMP_REQUEUE_PI value changed: %s\n", fx(&cond, FUTEX_CMP_REQUEUE_PI, 1, (void *)1, &w, 1));
    printf("CMP_REQUEUE_PI no waiter: %s\n", fx(&cond, FUTEX_CMP_REQUEUE_PI, 1, (void *)1, &w, 0));

    fx(&w, FUTEX_LOCK_PI, 0, NULL, NULL, 0); /* held: the waiter is moved to block on it */
    p = start(peer_requeued, NULL);
    printf("FUTEX_WAKE on a requeue_pi waiter: %s\n", await_requeue_waiter());
    SHOW("CMP_REQUEUE_PI onto a held lock", fx(&cond, FUTEX_CMP_REQUEUE_PI, 1, (void *)1, &w, 0));
    usleep(20000);
    char r[32];
    snprintf(r, sizeof r, "%s", fx(&w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
    pthread_join(p, NULL);
    printf("UNLOCK_PI to the requeued waiter: %s\n", r);

    p = start(peer_requeued, NULL); /* free: the requeue takes it for the waiter */
    await_requeue_waiter();
    snprintf(r, sizeof r, "%s", fx(&cond, FUTEX_CMP_REQUEUE_PI, 1, (void *)0, &w, 0));
    pthread_join(p, NULL);
    printf("CMP_REQUEUE_PI onto a free lock: %s\n", r);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    mutexes();
    raw();
    return 0;
}
