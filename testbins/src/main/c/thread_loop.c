/*
 * Benchmark: N times (argv[1], default 1000) pthread_create of a thread that returns at once,
 * then pthread_join; prints the count. Measures thread creation, exit and join.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *empty(void *arg)
{
    return arg;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000;
    long sum = 0;
    for (long i = 0; i < n; i++) {
        pthread_t t;
        void *r;
        int rc = pthread_create(&t, NULL, empty, (void *)1L);
        if (rc != 0) {
            fprintf(stderr, "thread_loop: pthread_create failed (%d) at %ld\n", rc, i);
            return 1;
        }
        pthread_join(t, &r);
        sum += (long)r;
    }
    printf("threads created and joined: %ld\n", sum);
    return sum == n ? 0 : 1;
}
