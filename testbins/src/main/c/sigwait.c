/* sigwaitinfo/sigtimedwait with sigqueue values, real-time signals queued twice, a timeout, and a signal another process sends while waiting. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <time.h>
#include <errno.h>
int main(void) {
    sigset_t s; sigemptyset(&s); sigaddset(&s, SIGUSR2); sigaddset(&s, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &s, NULL);
    union sigval v; v.sival_int = 42;
    sigqueue(getpid(), SIGRTMIN + 1, v); sigqueue(getpid(), SIGRTMIN + 1, v); kill(getpid(), SIGUSR2);
    siginfo_t si;
    for (int i = 0; i < 3; i++) { int sig = sigwaitinfo(&s, &si); printf("sig=%d code=%d val=%d\n", sig - (sig > 31 ? SIGRTMIN : 0), si.si_code, sig > 31 ? si.si_value.sival_int : 0); }
    struct timespec ts = {0, 50000000};
    int r = sigtimedwait(&s, &si, &ts); printf("timeout r=%d errno=%s\n", r, errno == EAGAIN ? "EAGAIN" : "?");
    if (fork() == 0) { usleep(100000); kill(getppid(), SIGUSR2); _exit(0); }
    printf("waited sig=%d\n", sigwaitinfo(&s, &si));
    return 0;
}
