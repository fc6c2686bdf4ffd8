/*
 * Guest actions that must not disturb the kernel under them: a thread exiting while others
 * are blocked in futex waits, a process killed while blocked inside syscalls, signal handlers
 * that corrupt their own ucontext, and fork of a process with 1 GiB of memory. Each case runs
 * in a child process, and the parent reports how the child ended.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#define FUTEX_WAIT 0 /* linux/futex.h, which musl does not ship */
#define FUTEX_WAKE 1

static void report(const char *what, pid_t pid)
{
    int st;
    if (waitpid(pid, &st, 0) != pid) {
        printf("%s: waitpid failed\n", what);
    } else if (WIFEXITED(st)) {
        printf("%s: exited %d\n", what, WEXITSTATUS(st));
    } else if (WIFSIGNALED(st)) {
        printf("%s: killed by signal %d\n", what, WTERMSIG(st));
    } else {
        printf("%s: status 0x%x\n", what, st);
    }
    fflush(stdout);
}

static int futex_word;

static void *futex_waiter(void *arg)
{
    (void)arg;
    syscall(SYS_futex, &futex_word, FUTEX_WAIT, 0, NULL, NULL, 0);
    return NULL;
}

/* The main thread calls exit while three threads sleep in FUTEX_WAIT. */
static void exit_while_threads_wait(void)
{
    pid_t c = fork();
    if (c == 0) {
        pthread_t t[3];
        for (int i = 0; i < 3; i++) {
            pthread_create(&t[i], NULL, futex_waiter, NULL);
        }
        usleep(50000);
        exit(7);
    }
    report("exit while 3 threads wait in futex", c);
}

/* One thread (not the last) calls SYS_exit while others wait; the process goes on. */
static void *lone_exit(void *arg)
{
    (void)arg;
    syscall(SYS_exit, 0);
    return NULL;
}

static void thread_exit_while_others_wait(void)
{
    pid_t c = fork();
    if (c == 0) {
        pthread_t w, e;
        pthread_create(&w, NULL, futex_waiter, NULL);
        pthread_create(&e, NULL, lone_exit, NULL);
        usleep(50000);
        futex_word = 1;
        syscall(SYS_futex, &futex_word, FUTEX_WAKE, 1, NULL, NULL, 0);
        pthread_join(w, NULL);
        _exit(8);
    }
    report("one thread exits, a waiter is woken later", c);
}

/* SIGKILL while blocked in read, in nanosleep and in futex (three threads). */
static void *blocked_read(void *arg)
{
    int p[2];
    char b;
    (void)arg;
    pipe(p);
    read(p[0], &b, 1);
    return NULL;
}

static void *blocked_sleep(void *arg)
{
    struct timespec ts = {100, 0};
    (void)arg;
    nanosleep(&ts, NULL);
    return NULL;
}

static void killed_inside_syscalls(void)
{
    int ready[2];
    pipe(ready);
    pid_t c = fork();
    if (c == 0) {
        pthread_t a, b, f;
        pthread_create(&a, NULL, blocked_read, NULL);
        pthread_create(&b, NULL, blocked_sleep, NULL);
        pthread_create(&f, NULL, futex_waiter, NULL);
        write(ready[1], "x", 1);
        for (;;) {
            pause();
        }
    }
    char x;
    read(ready[0], &x, 1);
    usleep(50000);
    kill(c, SIGKILL);
    report("SIGKILL while blocked in read, nanosleep, futex and pause", c);
}

/* A SIGUSR1 handler that points the interrupted PC at an unmapped address. */
static void bad_pc_handler(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    (void)sig;
    (void)si;
#if defined(__x86_64__)
    uc->uc_mcontext.gregs[REG_RIP] = 0x10;
#elif defined(__aarch64__)
    uc->uc_mcontext.pc = 0x10;
#endif
}

/* A handler that scribbles over its whole ucontext, FP state pointers and magic included. */
static void scribble_handler(int sig, siginfo_t *si, void *uc_)
{
    (void)sig;
    (void)si;
    memset(uc_, 0xa5, sizeof(ucontext_t));
}

static void corrupt_ucontext(const char *what, void (*handler)(int, siginfo_t *, void *))
{
    pid_t c = fork();
    if (c == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = handler;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGUSR1, &sa, NULL);
        raise(SIGUSR1);
        _exit(0);
    }
    report(what, c);
}

/* fork of a process with 1 GiB mapped: every 64th page written; the child checks and changes them. */
static void fork_of_a_gigabyte(void)
{
    size_t size = (size_t)1 << 30;
    unsigned char *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        printf("mmap 1 GiB failed\n");
        return;
    }
    for (size_t off = 0; off < size; off += 64 * 4096) {
        m[off] = (unsigned char)(off >> 18);
    }
    pid_t c = fork();
    if (c == 0) {
        size_t bad = 0;
        for (size_t off = 0; off < size; off += 64 * 4096) {
            if (m[off] != (unsigned char)(off >> 18)) {
                bad++;
            }
            m[off] = 0xff;
        }
        _exit(bad == 0 ? 9 : 10);
    }
    report("fork of a 1 GiB process, child checks every 64th page", c);
    size_t bad = 0;
    for (size_t off = 0; off < size; off += 64 * 4096) {
        if (m[off] != (unsigned char)(off >> 18)) {
            bad++;
        }
    }
    printf("parent's pages unchanged by the child: %d\n", bad == 0);
    munmap(m, size);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    exit_while_threads_wait();
    thread_exit_while_others_wait();
    killed_inside_syscalls();
    corrupt_ucontext("handler sets the PC to 0x10", bad_pc_handler);
    corrupt_ucontext("handler scribbles over its ucontext", scribble_handler);
    fork_of_a_gigabyte();
    return 0;
}
