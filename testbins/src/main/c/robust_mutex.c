/* A robust pthread mutex whose owner thread ends while holding it: the next locker gets EOWNERDEAD (the robust list is walked at thread exit). */
#include <pthread.h>
#include <stdio.h>
#include <errno.h>
static pthread_mutex_t m;
static void *die_holding(void *a) { pthread_mutex_lock(&m); return a; }
int main(void) {
    pthread_mutexattr_t at; pthread_mutexattr_init(&at); pthread_mutexattr_setrobust(&at, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&m, &at);
    pthread_t t; pthread_create(&t, NULL, die_holding, NULL); pthread_join(t, NULL);
    int r = pthread_mutex_lock(&m);
    printf("lock after owner died: %s\n", r == EOWNERDEAD ? "EOWNERDEAD" : "other");
    pthread_mutex_consistent(&m); pthread_mutex_unlock(&m);
    return 0;
}
