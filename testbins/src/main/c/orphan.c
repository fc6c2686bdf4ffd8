/*
 * A child forks a grandchild and exits; the grandchild waits (polling getppid()) until it has
 * been reparented away from the dead child, writes "reparented" into a pipe and exits. The
 * parent waits for the child only, then for the grandchild's end by reading that pipe until
 * EOF (the grandchild holds its only other write end) and prints what it read. The new parent pid is not printed: it differs
 * between the host and zlx.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "zlxtest.h"

int main(void)
{
    int p[2];
    if (pipe(p) != 0) {
        perror("pipe");
        return 100;
    }
    pid_t me = getpid();
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        close(p[0]);
        pid_t c = getpid();
        pid_t g = fork();
        if (g == 0) {
            struct timespec ts = {0, 1000000};
            int tries = 0;
            while (getppid() == c && tries < 20000) {
                nanosleep(&ts, NULL);
                tries++;
            }
            pid_t np = getppid();
            const char *msg = np != c && np != me ? "reparented" : "NOT reparented";
            _exit(write(p[1], msg, strlen(msg)) == (ssize_t)strlen(msg) ? 0 : 1);
        }
        _exit(g > 0 ? 9 : 99);
    }
    close(p[1]);
    int st = -1;
    pid_t r = waitpid(child, &st, 0);
    printf("parent: child %s, WIFEXITED=%d WEXITSTATUS=%d\n", r == child ? "reaped" : "WRONG",
           WIFEXITED(st) ? 1 : 0, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    fflush(stdout);
    char buf[64];
    size_t len = 0;
    ssize_t n;
    while (len < sizeof buf - 1 && (n = read(p[0], buf + len, sizeof buf - 1 - len)) > 0) {
        len += (size_t)n;
    }
    buf[len] = 0;
    printf("parent: grandchild wrote \"%s\" before the pipe's EOF\n", buf);
    errno = 0;
    r = waitpid(-1, &st, WNOHANG);
    printf("parent: waitpid(-1) %d %s (the grandchild is not its child)\n", (int)r, errno_name(errno));
    return 0;
}
