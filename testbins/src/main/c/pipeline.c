/*
 * pipe + fork + dup2 + execve: runs `BUSYBOX wc -l` (argv[1] is busybox) with its stdin and
 * stdout on two pipes, writes it ten lines, prints what it answered and its exit status; then
 * a two-stage pipeline `BUSYBOX seq 1 1000 | BUSYBOX tail -n 1` into a third pipe.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "zlxtest.h"

extern char **environ;

static pid_t spawn(const char *busybox, char **args, int in, int out, int closefds[], int nclose)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (in >= 0 && dup2(in, 0) != 0) {
            _exit(120);
        }
        if (out >= 0 && dup2(out, 1) != 1) {
            _exit(121);
        }
        for (int i = 0; i < nclose; i++) {
            close(closefds[i]);
        }
        execve(busybox, args, environ);
        _exit(127);
    }
    return pid;
}

static void read_all(int fd, const char *what)
{
    char buf[256];
    size_t n = 0;
    ssize_t r;
    while (n < sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0) {
        n += (size_t)r;
    }
    buf[n] = 0;
    /* busybox wc pads its count on some paths: print it trimmed. */
    char *s = buf;
    while (*s == ' ') {
        s++;
    }
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == ' ')) {
        s[--len] = 0;
    }
    printf("%s output: [%s]\n", what, s);
}

static void reap(const char *what, pid_t pid)
{
    int st = -1;
    pid_t r = waitpid(pid, &st, 0);
    printf("%s: waitpid %s, WIFEXITED=%d WEXITSTATUS=%d\n", what, r == pid ? "ok" : "WRONG",
           WIFEXITED(st) ? 1 : 0, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: pipeline BUSYBOX\n");
        return 2;
    }
    int to[2], from[2];
    if (pipe(to) != 0 || pipe(from) != 0) {
        perror("pipe");
        return 100;
    }
    char *wc[] = {"busybox", "wc", "-l", NULL};
    int fds[] = {to[0], to[1], from[0], from[1]};
    pid_t pid = spawn(argv[1], wc, to[0], from[1], fds, 4);
    close(to[0]);
    close(from[1]);
    for (int i = 0; i < 10; i++) {
        char line[32];
        int len = snprintf(line, sizeof line, "line %d\n", i);
        if (write(to[1], line, (size_t)len) != len) {
            perror("write");
            return 101;
        }
    }
    close(to[1]);
    read_all(from[0], "wc -l");
    close(from[0]);
    reap("wc -l", pid);

    int mid[2], out[2];
    if (pipe(mid) != 0 || pipe(out) != 0) {
        perror("pipe");
        return 100;
    }
    char *seq[] = {"busybox", "seq", "1", "1000", NULL};
    char *tail[] = {"busybox", "tail", "-n", "1", NULL};
    int fds2[] = {mid[0], mid[1], out[0], out[1]};
    pid_t p1 = spawn(argv[1], seq, -1, mid[1], fds2, 4);
    pid_t p2 = spawn(argv[1], tail, mid[0], out[1], fds2, 4);
    close(mid[0]);
    close(mid[1]);
    close(out[1]);
    read_all(out[0], "seq | tail");
    close(out[0]);
    reap("seq", p1);
    reap("tail", p2);
    int st;
    errno = 0;
    pid_t w = wait(&st);
    printf("wait after all: %d %s\n", (int)w, errno_name(errno));
    return 0;
}
