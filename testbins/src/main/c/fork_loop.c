/*
 * Benchmark: N times (argv[1], default 100) fork, _exit(0) in the child and waitpid in the
 * parent; prints the count. The cost of one iteration is a process creation, an exit and a
 * reap, without an exec (forkexec_loop adds one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100;
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0)
            _exit(0);
        int st;
        if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            fprintf(stderr, "fork_loop: child %ld did not exit 0 (status 0x%x)\n", i, st);
            return 1;
        }
    }
    printf("fork+_exit+waitpid: %ld\n", n);
    return 0;
}
