/* Drives an interactive program through a pty, as a person at a terminal would: the program
 * (argv[1..]) runs as a session leader with the slave as its controlling terminal and stdio;
 * this side types commands and reports what it saw. Made for `busybox sh -i` with PS1='zz> ':
 * the prompt, a command that prints, line editing (a character rubbed out with DEL), ^C
 * interrupting `sleep 100` without ending the shell, and `exit 7`. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char seen[65536];
static int seen_len;

/* Reads the master until text appears after position from (or 20 s pass); returns where it ends, or -1. */
static int expect(int m, int from, const char *text) {
    for (int waited = 0; waited < 20000;) {
        seen[seen_len] = 0;
        char *at = strstr(seen + from, text);
        if (at) return (int) (at - seen) + (int) strlen(text);
        struct pollfd p = {m, POLLIN, 0};
        int r = poll(&p, 1, 100);
        waited += 100;
        if (r > 0) {
            int n = read(m, seen + seen_len, sizeof seen - 1 - seen_len);
            if (n <= 0) return -1;
            seen_len += n;
        }
    }
    return -1;
}

static void type(int m, const char *s) {
    write(m, s, strlen(s));
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    setvbuf(stdout, NULL, _IOLBF, 0);
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    grantpt(m);
    unlockpt(m);
    char *name = ptsname(m);
    pid_t c = fork();
    if (c == 0) {
        setsid();
        int s = open(name, O_RDWR);
        dup2(s, 0); dup2(s, 1); dup2(s, 2);
        if (s > 2) close(s);
        close(m);
        setenv("PS1", "zz> ", 1);
        execv(argv[1], argv + 1);
        _exit(127);
    }
    int at = expect(m, 0, "zz> ");
    printf("prompt: %s\n", at >= 0 ? "yes" : "no");
    type(m, "echo hi from the shell\r");
    at = expect(m, at, "\nhi from the shell\r\n");
    printf("echo printed: %s\n", at >= 0 ? "yes" : "no");
    at = expect(m, at, "zz> ");
    type(m, "echo abX\177c\r");
    at = expect(m, at, "\nabc\r\n");
    printf("line editing: %s\n", at >= 0 ? "yes" : "no");
    at = expect(m, at, "zz> ");
    type(m, "sleep 100\r");
    usleep(500000);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    type(m, "\003");
    at = expect(m, at, "zz> ");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("^C gave the prompt back: %s, in under 10 s: %s\n", at >= 0 ? "yes" : "no",
           t1.tv_sec - t0.tv_sec < 10 ? "yes" : "no");
    type(m, "echo still here $?\r");
    at = expect(m, at, "\nstill here 130\r\n");
    printf("shell survived, sleep ended by SIGINT: %s\n", at >= 0 ? "yes" : "no");
    at = expect(m, at, "zz> ");
    type(m, "exit 7\r");
    int status;
    waitpid(c, &status, 0);
    printf("shell exit status: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}
