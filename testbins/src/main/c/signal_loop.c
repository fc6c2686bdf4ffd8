/*
 * Benchmark: N times (argv[1], default 10000) raise(SIGUSR1) with an installed handler that
 * increments a counter; prints the count the handler reached. One iteration is raise (glibc:
 * block signals, gettid, tgkill, restore the mask), a handler frame and rt_sigreturn.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t count;

static void on_usr1(int sig)
{
    (void)sig;
    count++;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGUSR1, &sa, NULL) != 0) {
        perror("sigaction");
        return 1;
    }
    for (long i = 0; i < n; i++)
        raise(SIGUSR1);
    printf("handler ran: %ld\n", (long)count);
    return count == n ? 0 : 1;
}
