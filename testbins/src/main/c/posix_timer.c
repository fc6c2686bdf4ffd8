/* A periodic POSIX timer (CLOCK_MONOTONIC, SIGEV_SIGNAL with a value) fires three times into a SA_SIGINFO handler; times(2) and getrusage(2) answer. */
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/times.h>
#include <sys/resource.h>
static volatile int n;
static void h(int s, siginfo_t *si, void *u) { (void)s; (void)u; if (si->si_code == SI_TIMER && si->si_value.sival_int == 7) n++; }
int main(void) {
    struct sigaction sa = {0}; sa.sa_sigaction = h; sa.sa_flags = SA_SIGINFO; sigaction(SIGRTMIN, &sa, NULL);
    struct sigevent ev = {0}; ev.sigev_notify = SIGEV_SIGNAL; ev.sigev_signo = SIGRTMIN; ev.sigev_value.sival_int = 7;
    timer_t t; timer_create(CLOCK_MONOTONIC, &ev, &t);
    struct itimerspec its = {{0, 20000000}, {0, 20000000}}; timer_settime(t, 0, &its, NULL);
    while (n < 3) pause();
    timer_delete(t);
    struct rusage ru; getrusage(RUSAGE_SELF, &ru);
    struct tms tm; clock_t c = times(&tm);
    printf("timer fired %d times, rusage ok=%d, times ok=%d\n", n, ru.ru_utime.tv_sec >= 0, c > 0);
    return 0;
}
