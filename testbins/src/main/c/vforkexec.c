/*
 * vfork + execve of the program named by argv[1] (testbins' hello), vfork + execve of a
 * missing file (the child _exits 127 on ENOENT), and posix_spawn of argv[1]; the parent waits
 * for each and prints its status. The child's output comes before the parent's report.
 * Then what only shared memory gives: a store by the vfork child seen by the parent, and
 * posix_spawn of a missing program failing with ENOENT (glibc's and musl's child report the
 * exec error through the parent's memory).
 */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "zlxtest.h"

extern char **environ;

static void reap(const char *what, pid_t pid)
{
    int st = -1;
    pid_t r = waitpid(pid, &st, 0);
    printf("%s: waitpid %s, WIFEXITED=%d WEXITSTATUS=%d\n", what, r == pid ? "ok" : "WRONG",
           WIFEXITED(st) ? 1 : 0, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    fflush(stdout);
}

static pid_t vfork_exec(const char *path)
{
    char *argv[] = {(char *)path, NULL};
    fflush(stdout);
    pid_t pid = vfork();
    if (pid == 0) {
        execve(path, argv, environ);
        _exit(errno == ENOENT ? 127 : 126);
    }
    return pid;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: vforkexec PATH-OF-HELLO\n");
        return 2;
    }
    pid_t pid = vfork_exec(argv[1]);
    if (pid < 0) {
        perror("vfork");
        return 100;
    }
    reap("vfork+execve hello", pid);

    pid = vfork_exec("/nonexistent/zlx-test-program");
    reap("vfork+execve missing", pid);

    char *args[] = {argv[1], NULL};
    /* Reported after the wait: hello may print before or after posix_spawn returns. */
    int rc = posix_spawn(&pid, argv[1], NULL, NULL, args, environ);
    if (rc == 0) {
        reap("posix_spawn hello", pid);
    }
    printf("posix_spawn: %s\n", errno_name(rc));

    static volatile int shared_word;
    shared_word = 1;
    pid = vfork();
    if (pid == 0) {
        shared_word = 42;
        _exit(0);
    }
    reap("vfork child storing", pid);
    printf("vfork child's store seen by the parent: %d\n", shared_word);

    char *missing[] = {"/nonexistent/zlx-test-program", NULL};
    pid = -1;
    rc = posix_spawn(&pid, missing[0], NULL, NULL, missing, environ);
    printf("posix_spawn missing: %s\n", errno_name(rc));
    if (rc == 0) {
        reap("posix_spawn missing", pid);
    }
    int st;
    errno = 0;
    pid_t w = wait(&st);
    printf("wait after all: %d %s\n", (int)w, errno_name(errno));
    return 0;
}
