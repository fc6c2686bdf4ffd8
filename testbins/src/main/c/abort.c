/* Calls abort(3): the process must die of SIGABRT (shell status 134), even after blocking it. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGABRT);
    sigprocmask(SIG_BLOCK, &set, NULL); /* abort(3) unblocks it again */
    printf("about to abort\n");
    fflush(stdout);
    abort();
}
