/*
 * Calls interrupted by SIGSTOP and resumed by SIGCONT, without handlers: a relative nanosleep
 * goes on to its original deadline (Linux restarts it through restart_syscall with what
 * remained) instead of sleeping its whole length again — the child sleeps 600 ms, stopped for
 * 400 ms after 50 ms; a FUTEX_WAIT with a timeout and x86-64's poll also keep their deadlines
 * (aarch64's glibc poll is ppoll, which restarts with the time left when it stopped); epoll_wait fails
 * with EINTR, one of the calls signal(7) lists for that. Last, a FUTEX_WAIT with a timeout
 * interrupted by a handler fails with EINTR even with SA_RESTART (ERESTART_RESTARTBLOCK).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FUTEX_WAIT 0 /* linux/futex.h, which musl does not ship */

static int futex_word;

static void on_usr1(int sig)
{
    (void)sig;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Stops child 50 ms from now for 400 ms, then waits for it to exit. */
static void stop_and_continue(pid_t c)
{
    int st;
    usleep(50 * 1000);
    kill(c, SIGSTOP);
    waitpid(c, &st, WUNTRACED);
    usleep(400 * 1000);
    kill(c, SIGCONT);
    waitpid(c, &st, 0);
    printf("child exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
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
    stop_and_continue(c);

    c = fork();
    if (c == 0) {
        long start = now_ms();
        struct timespec timeout = {0, 600 * 1000 * 1000};
        long r = syscall(SYS_futex, &futex_word, FUTEX_WAIT, 0, &timeout, NULL, 0);
        long elapsed = now_ms() - start;
        printf("futex wait: %ld %s, kept its deadline: %d\n", r, r == -1 && errno == ETIMEDOUT ? "ETIMEDOUT" : "?",
               elapsed >= 590 && elapsed < 900);
        _exit(0);
    }
    stop_and_continue(c);

    c = fork();
    if (c == 0) {
        int p[2];
        pipe(p);
        struct pollfd pfd = {p[0], POLLIN, 0};
        long start = now_ms();
        int r = poll(&pfd, 1, 600);
        long elapsed = now_ms() - start;
        printf("poll: %d, kept its deadline: %d\n", r, elapsed >= 590 && elapsed < 900);
        _exit(0);
    }
    stop_and_continue(c);

    c = fork();
    if (c == 0) {
        int ep = epoll_create1(0);
        struct epoll_event ev;
        int r = epoll_wait(ep, &ev, 1, 3000);
        printf("epoll_wait after stop and continue: %d %s\n", r, r == -1 && errno == EINTR ? "EINTR" : "?");
        _exit(0);
    }
    stop_and_continue(c);

    c = fork();
    if (c == 0) {
        struct sigaction sa = {0};
        sa.sa_handler = on_usr1;
        sa.sa_flags = SA_RESTART;
        sigaction(SIGUSR1, &sa, NULL);
        struct timespec timeout = {2, 0};
        long r = syscall(SYS_futex, &futex_word, FUTEX_WAIT, 0, &timeout, NULL, 0);
        printf("futex wait with a timeout, SA_RESTART handler: %ld %s\n", r, r == -1 && errno == EINTR ? "EINTR" : "?");
        _exit(0);
    }
    usleep(100 * 1000);
    kill(c, SIGUSR1);
    int st;
    waitpid(c, &st, 0);
    return 0;
}
