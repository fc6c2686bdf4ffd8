/*
 * Benchmark: a parent and its forked child pass one byte back and forth N times (argv[1],
 * default 10000) through two pipes; prints N. One round trip is a write and a read on each
 * side, the reads blocking until the other process writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void fail(const char *what)
{
    perror(what);
    exit(1);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000;
    int there[2], back[2];
    if (pipe(there) != 0 || pipe(back) != 0) {
        fail("pipe");
    }
    pid_t child = fork();
    if (child < 0) {
        fail("fork");
    }
    char token = 'x';
    if (child == 0) {
        for (long i = 0; i < n; i++) {
            if (read(there[0], &token, 1) != 1 || write(back[1], &token, 1) != 1) {
                fail("child");
            }
        }
        _exit(0);
    }
    for (long i = 0; i < n; i++) {
        if (write(there[1], &token, 1) != 1 || read(back[0], &token, 1) != 1) {
            fail("parent");
        }
    }
    int status;
    if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fail("waitpid");
    }
    printf("pipe_pingpong %ld\n", n);
    return 0;
}
