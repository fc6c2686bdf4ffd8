/*
 * Writes to a pipe whose read end is closed: first with SIGPIPE ignored (write fails with
 * EPIPE), then with the default action (the process dies of SIGPIPE, shell status 141).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    int p[2];
    if (pipe(p) != 0) { perror("pipe"); return 100; }
    close(p[0]);
    signal(SIGPIPE, SIG_IGN);
    ssize_t n = write(p[1], "x", 1);
    printf("ignored: write=%zd errno=%s\n", n, n < 0 && errno == EPIPE ? "EPIPE" : strerror(errno));
    fflush(stdout);
    signal(SIGPIPE, SIG_DFL);
    write(p[1], "x", 1);
    printf("still alive: wrong\n");
    return 1;
}
