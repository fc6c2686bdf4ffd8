/*
 * Benchmark: the main thread and a second thread hand a token back and forth N times
 * (argv[1], default 10000) through one futex word; prints N. One round trip is two hand-overs,
 * each a store, a FUTEX_WAKE by the giver and (usually) a FUTEX_WAIT by the taker.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

/* From <linux/futex.h>, which musl-gcc does not see. */
#define FUTEX_WAIT_PRIVATE 128 /* FUTEX_WAIT (0) | FUTEX_PRIVATE_FLAG */
#define FUTEX_WAKE_PRIVATE 129 /* FUTEX_WAKE (1) | FUTEX_PRIVATE_FLAG */

static atomic_int turn; /* 0: the main thread holds the token, 1: the peer holds it */
static long rounds;

static void futex_wait(int expected)
{
    syscall(SYS_futex, &turn, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}

static void futex_wake(void)
{
    syscall(SYS_futex, &turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *peer(void *arg)
{
    (void)arg;
    for (long i = 0; i < rounds; i++) {
        while (atomic_load(&turn) != 1)
            futex_wait(0);
        atomic_store(&turn, 0);
        futex_wake();
    }
    return NULL;
}

int main(int argc, char **argv)
{
    rounds = argc > 1 ? atol(argv[1]) : 10000;
    pthread_t t;
    if (pthread_create(&t, NULL, peer, NULL) != 0) {
        fprintf(stderr, "futex_pingpong: pthread_create failed\n");
        return 1;
    }
    long done = 0;
    for (long i = 0; i < rounds; i++) {
        atomic_store(&turn, 1);
        futex_wake();
        while (atomic_load(&turn) != 0)
            futex_wait(1);
        done++;
    }
    pthread_join(t, NULL);
    printf("round trips: %ld\n", done);
    return 0;
}
