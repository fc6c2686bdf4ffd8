/*
 * Signal-driven I/O: F_SETOWN/F_GETOWN (process and group), F_SETOWN_EX/F_GETOWN_EX, F_SETSIG/
 * F_GETSIG, O_ASYNC by F_SETFL and by ioctl FIOASYNC; SIGIO on pipe input and on room freed for
 * a writer (with si_code, si_fd and si_band under F_SETSIG), to another process, on terminal
 * input and on inotify events; nothing without an owner, after close, or on a regular file;
 * the errors (ESRCH, EINVAL).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "zlxtest.h"

static volatile sig_atomic_t count, last_code, last_fd, last_band, last_sig;

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
    (void) ctx;
    count++;
    last_sig = sig;
    last_code = si->si_code;
    last_fd = si->si_fd;
    last_band = si->si_band;
}

static void catch(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(sig, &sa, NULL);
}

static void reset(void)
{
    count = 0;
    last_code = last_fd = last_band = last_sig = 0;
}

static int async(int fd)
{
    return fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC);
}

static void owners(void)
{
    int p[2];
    pipe(p);
    printf("F_GETOWN of a new pipe: %d\n", fcntl(p[0], F_GETOWN));
    fcntl(p[0], F_SETOWN, getpid());
    printf("F_GETOWN after F_SETOWN(pid): %d\n", fcntl(p[0], F_GETOWN) == getpid());
    setpgid(0, 0);
    fcntl(p[0], F_SETOWN, -getpgrp());
    printf("F_GETOWN after F_SETOWN(-pgrp): %d\n", fcntl(p[0], F_GETOWN) == -getpgrp());
    struct f_owner_ex ex = {F_OWNER_TID, getpid()};
    printf("F_SETOWN_EX tid: %d", fcntl(p[0], F_SETOWN_EX, &ex));
    memset(&ex, 0, sizeof ex);
    fcntl(p[0], F_GETOWN_EX, &ex);
    printf(", F_GETOWN_EX type %d is-me %d\n", ex.type, ex.pid == getpid());
    ex.type = 7;
    int r = fcntl(p[0], F_SETOWN_EX, &ex);
    printf("F_SETOWN_EX bad type: %s\n", r < 0 ? errno_name(errno) : "OK");
    r = fcntl(p[0], F_SETOWN, 4000000);
    printf("F_SETOWN of no process: %s\n", r < 0 ? errno_name(errno) : "OK");
    printf("F_GETSIG of a new pipe: %d\n", fcntl(p[0], F_GETSIG));
    r = fcntl(p[0], F_SETSIG, 65);
    printf("F_SETSIG 65: %s\n", r < 0 ? errno_name(errno) : "OK");
    fcntl(p[0], F_SETSIG, SIGRTMIN + 1);
    printf("F_GETSIG after F_SETSIG: %d\n", fcntl(p[0], F_GETSIG) == SIGRTMIN + 1);
    close(p[0]);
    close(p[1]);
}

static void pipe_signals(void)
{
    int p[2];
    pipe(p);
    catch(SIGIO);
    reset();
    async(p[0]);
    write(p[1], "a", 1);
    printf("O_ASYNC without an owner: %d signals\n", count);
    fcntl(p[0], F_SETOWN, getpid());
    write(p[1], "b", 1);
    printf("owner set: SIGIO %d, si_code SI_KERNEL %d\n", count == 1 && last_sig == SIGIO, last_code == SI_KERNEL);
    int sig = SIGRTMIN + 2;
    catch(sig);
    fcntl(p[0], F_SETSIG, sig);
    reset();
    write(p[1], "c", 1);
    printf("F_SETSIG: signal %d, POLL_IN %d, si_fd %d, si_band %#x\n", last_sig == sig, last_code == POLL_IN,
           last_fd == p[0], (unsigned) last_band);
    char buf[8];
    read(p[0], buf, sizeof buf);
    /* The writer side: room freed by a read. */
    fcntl(p[1], F_SETOWN, getpid());
    fcntl(p[1], F_SETSIG, sig);
    async(p[1]);
    fcntl(p[1], F_SETFL, fcntl(p[1], F_GETFL) | O_NONBLOCK);
    char big[4096];
    memset(big, 'x', sizeof big);
    while (write(p[1], big, sizeof big) > 0) {
    }
    reset();
    read(p[0], big, sizeof big);
    printf("room for the writer: POLL_OUT %d, si_fd %d, si_band %#x\n", last_code == POLL_OUT, last_fd == p[1],
           (unsigned) last_band);
    /* O_ASYNC off: silence. */
    fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) & ~O_ASYNC);
    fcntl(p[1], F_SETFL, fcntl(p[1], F_GETFL) & ~O_ASYNC);
    reset();
    read(p[0], big, sizeof big);
    write(p[1], "d", 1);
    printf("O_ASYNC cleared: %d signals\n", count);
    /* FIOASYNC turns it on again; closing the description ends it. */
    int on = 1;
    ioctl(p[0], FIOASYNC, &on);
    printf("FIOASYNC sets O_ASYNC: %d\n", (fcntl(p[0], F_GETFL) & O_ASYNC) != 0);
    reset();
    write(p[1], "e", 1);
    printf("after FIOASYNC: %d signal\n", count);
    signal(SIGPIPE, SIG_IGN);
    close(p[0]);
    reset();
    int w = write(p[1], "f", 1);
    printf("after the reader closed: write %s, %d signals\n", w < 0 ? errno_name(errno) : "OK", count);
    close(p[1]);
}

static void other_process(void)
{
    int p[2], ready[2];
    pipe(p);
    pipe(ready);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGIO);
    sigprocmask(SIG_BLOCK, &block, &old);
    pid_t child = fork();
    if (child == 0) {
        siginfo_t si;
        write(ready[1], "r", 1);
        int sig = sigwaitinfo(&block, &si);
        printf("child got %s\n", sig == SIGIO ? "SIGIO" : "something else");
        _exit(0);
    }
    char c;
    read(ready[0], &c, 1);
    fcntl(p[0], F_SETOWN, child);
    async(p[0]);
    write(p[1], "x", 1);
    int status;
    waitpid(child, &status, 0);
    sigprocmask(SIG_SETMASK, &old, NULL);
    close(p[0]);
    close(p[1]);
    close(ready[0]);
    close(ready[1]);
}

static void terminal_and_inotify(const char *dir)
{
    int master, slave;
    if (openpty(&master, &slave, NULL, NULL, NULL) != 0) {
        printf("openpty: %s\n", errno_name(errno));
        return;
    }
    catch(SIGIO);
    fcntl(slave, F_SETOWN, getpid());
    async(slave);
    reset();
    write(master, "hi\n", 3);
    struct pollfd pf = {slave, POLLIN, 0};
    poll(&pf, 1, 1000);
    printf("terminal input: SIGIO %d\n", count > 0);
    close(master);
    close(slave);
    int in = inotify_init1(0);
    inotify_add_watch(in, dir, IN_CREATE);
    fcntl(in, F_SETOWN, getpid());
    async(in);
    reset();
    char path[4300];
    snprintf(path, sizeof path, "%s/new", dir);
    close(open(path, O_WRONLY | O_CREAT, 0644));
    printf("inotify event: SIGIO %d\n", count > 0);
    close(in);
    int f = open(path, O_RDWR);
    fcntl(f, F_SETOWN, getpid());
    printf("O_ASYNC on a regular file: %s", async(f) == 0 ? "OK" : errno_name(errno));
    printf(", kept %d", (fcntl(f, F_GETFL) & O_ASYNC) != 0);
    reset();
    write(f, "data", 4);
    printf(", signals on write %d\n", count);
    int on = 1;
    int r = ioctl(f, FIOASYNC, &on);
    printf("FIOASYNC on a regular file: %s\n", r < 0 ? errno_name(errno) : "OK");
    close(f);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc != 2) {
        fprintf(stderr, "usage: sigio DIR\n");
        return 2;
    }
    /* A directory of this run's own, where the inotify watch sees a file being made. */
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/sigio.XXXXXX", argv[1]);
    if (mkdtemp(dir) == NULL) {
        printf("mkdtemp: %s\n", errno_name(errno));
        return 1;
    }
    owners();
    pipe_signals();
    other_process();
    terminal_and_inotify(dir);
    return 0;
}
