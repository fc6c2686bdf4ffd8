/* Signals: a SA_SIGINFO handler for kill(), a blocked signal taken when unblocked, SIGSEGV
 * caught and left with siglongjmp, and a blocking read interrupted (EINTR) by a signal another
 * process sends; FP state across a handler (a double computed around it). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <setjmp.h>
#include <errno.h>
static volatile int got; static sigjmp_buf jb;
static void h(int s, siginfo_t *si, void *uc) { (void)uc; got = s; printf("handler %d code=%d pid_ok=%d\n", s, si->si_code, si->si_pid == getpid()); }
static void segv(int s, siginfo_t *si, void *uc) { (void)s; (void)si; (void)uc; siglongjmp(jb, 1); }
static void alrm(int s) { got = s; }
int main(void) {
    struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_sigaction = h; sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    double d = 1.5; kill(getpid(), SIGUSR1); d *= 2;
    printf("after kill got=%d d=%.1f\n", got, d);
    sigset_t m; sigemptyset(&m); sigaddset(&m, SIGUSR1); sigprocmask(SIG_BLOCK, &m, NULL);
    got = 0; raise(SIGUSR1); printf("blocked got=%d\n", got);
    sigprocmask(SIG_UNBLOCK, &m, NULL); printf("unblocked got=%d\n", got);
    sa.sa_sigaction = segv; sigaction(SIGSEGV, &sa, NULL);
    if (sigsetjmp(jb, 1) == 0) { *(volatile int *)0 = 1; printf("no fault?\n"); } else printf("recovered from SIGSEGV\n");
    int p[2]; pipe(p);
    struct sigaction sb; memset(&sb, 0, sizeof sb); sb.sa_handler = alrm; sigaction(SIGALRM, &sb, NULL);
    if (fork() == 0) { usleep(200000); kill(getppid(), SIGALRM); _exit(0); }
    char c; ssize_t n = read(p[0], &c, 1);
    printf("read=%zd errno=%s got=%d\n", n, n < 0 && errno == EINTR ? "EINTR" : "?", got);
    return 0;
}
