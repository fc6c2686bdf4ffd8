/* nanosleep(5 s) interrupted by alarm(1): EINTR with the remaining time written back. */
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <errno.h>
#include <unistd.h>
static void h(int s) { (void)s; }
int main(void) {
    signal(SIGALRM, h); alarm(1);
    struct timespec req = {5, 0}, rem = {0, 0};
    int r = nanosleep(&req, &rem);
    printf("r=%d eintr=%d rem_ok=%d\n", r, errno == EINTR, rem.tv_sec >= 3 && rem.tv_sec <= 4);
    return 0;
}
