/*
 * Guest code that never makes a syscall must still be interrupted: by another thread that
 * wants to run (time slices), by a signal to the spinning thread, by SIGALRM in a
 * single-threaded process, and by SIGSTOP/SIGCONT/SIGTERM from a parent. Each spin loop only
 * reads memory, so it ends only if the CPU is taken from it.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int stop_flag;
static volatile int release_flag;
static volatile long spins;

static void *spinner(void *arg)
{
    (void)arg;
    while (!stop_flag) {
        spins++;
    }
    return NULL;
}

/* Both threads spin: main waits (in memory) for the spinner to count, then stops it. */
static void time_slices(void)
{
    pthread_t t;
    stop_flag = 0;
    spins = 0;
    pthread_create(&t, NULL, spinner, NULL);
    while (spins == 0) {
    }
    stop_flag = 1;
    pthread_join(t, NULL);
    printf("spinner stopped by another spinning thread: %d\n", spins > 0);
}

static void on_usr1(int sig)
{
    (void)sig;
    stop_flag = 1;
}

/* pthread_kill of a spinning thread: its handler runs and ends the loop. */
static void signal_to_spinner(void)
{
    pthread_t t;
    signal(SIGUSR1, on_usr1);
    stop_flag = 0;
    spins = 0;
    pthread_create(&t, NULL, spinner, NULL);
    while (spins == 0) {
        sched_yield();
    }
    pthread_kill(t, SIGUSR1);
    pthread_join(t, NULL);
    printf("spinner stopped by its signal handler: 1\n");
}

/* Two threads hand a token back and forth through memory only (no futex, no syscall). */
static volatile int token;

static void *ponger(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20; i++) {
        while (token != 1) {
        }
        token = 0;
    }
    return NULL;
}

static void memory_ping_pong(void)
{
    pthread_t t;
    token = 0;
    pthread_create(&t, NULL, ponger, NULL);
    for (int i = 0; i < 20; i++) {
        token = 1;
        while (token != 0) {
        }
    }
    pthread_join(t, NULL);
    printf("20 round trips through memory only\n");
}

static void on_alarm(int sig)
{
    (void)sig;
    stop_flag = 1;
}

/* A single-threaded spin ended by SIGALRM. */
static void alarm_in_spin(void)
{
    signal(SIGALRM, on_alarm);
    stop_flag = 0;
    alarm(1);
    while (!stop_flag) {
    }
    printf("SIGALRM ended a single-threaded spin\n");
}

/* A spinning child is stopped, continued and killed; waitpid reports each. */
static void stop_continue_kill_spinning_child(void)
{
    pid_t c = fork();
    if (c == 0) {
        for (;;) {
            release_flag++;
        }
    }
    int st;
    kill(c, SIGSTOP);
    waitpid(c, &st, WUNTRACED);
    printf("spinning child stopped=%d sig=%d\n", WIFSTOPPED(st), WSTOPSIG(st));
    kill(c, SIGCONT);
    waitpid(c, &st, WCONTINUED);
    printf("spinning child continued=%d\n", WIFCONTINUED(st));
    kill(c, SIGTERM);
    waitpid(c, &st, 0);
    printf("spinning child killed=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    time_slices();
    signal_to_spinner();
    memory_ping_pong();
    alarm_in_spin();
    stop_continue_kill_spinning_child();
    return 0;
}
