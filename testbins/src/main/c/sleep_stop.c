/*
 * A relative nanosleep interrupted by SIGSTOP goes on after SIGCONT to its original deadline
 * (Linux restarts it through restart_syscall with what remained), instead of sleeping its
 * whole length again: the child sleeps 600 ms, stopped for 400 ms after 50 ms.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t c = fork();
    if (c == 0) {
        long start = now_ms();
        struct timespec req = {0, 600 * 1000 * 1000};
        int r = nanosleep(&req, NULL);
        long elapsed = now_ms() - start;
        printf("nanosleep returned %d, kept its deadline: %d\n", r, elapsed >= 590 && elapsed < 900);
        _exit(0);
    }
    usleep(50 * 1000);
    kill(c, SIGSTOP);
    int st;
    waitpid(c, &st, WUNTRACED);
    usleep(400 * 1000);
    kill(c, SIGCONT);
    waitpid(c, &st, 0);
    printf("child exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
