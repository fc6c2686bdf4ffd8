/*
 * Benchmark: N times (argv[1], default 100) fork, execve of the program named by argv[2]
 * (testbins' true_static) in the child, and waitpid in the parent; prints the count.
 * The cost of one iteration is a process creation, an exec and a reap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: forkexec_loop N PATH-OF-TRUE_STATIC\n");
        return 2;
    }
    long n = atol(argv[1]);
    char *args[] = {argv[2], NULL};
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            execve(argv[2], args, environ);
            _exit(127);
        }
        int st;
        if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            fprintf(stderr, "forkexec_loop: child %ld did not exit 0 (status 0x%x)\n", i, st);
            return 1;
        }
    }
    printf("fork+execve+waitpid: %ld\n", n);
    return 0;
}
