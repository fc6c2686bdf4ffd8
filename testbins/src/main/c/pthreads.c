/* pthreads: four threads increment a mutex-protected counter, signal a condition variable and
 * return their TLS value through pthread_join; the main thread checks all of it. */
#include <pthread.h>
#include <stdio.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static long counter; static int ready;
static __thread int tls_var;
static void *work(void *arg) {
    long id = (long)arg; tls_var = (int)id;
    for (int i = 0; i < 10000; i++) { pthread_mutex_lock(&m); counter++; pthread_mutex_unlock(&m); }
    pthread_mutex_lock(&m); ready++; pthread_cond_broadcast(&c); pthread_mutex_unlock(&m);
    return (void *)(long)(tls_var * 10);
}
int main(void) {
    pthread_t t[4];
    for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, work, (void *)(i + 1));
    pthread_mutex_lock(&m); while (ready < 4) pthread_cond_wait(&c, &m); pthread_mutex_unlock(&m);
    long sum = 0;
    for (int i = 0; i < 4; i++) { void *r; pthread_join(t[i], &r); sum += (long)r; }
    printf("counter=%ld sum=%ld\n", counter, sum);
    return 0;
}
