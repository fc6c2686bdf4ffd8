/*
 * A parent forks five children and each child forks a grandchild. Children 0-2 exit 3, 5 and
 * 7, child 3 dies of SIGSEGV (null dereference), child 4 of abort(). Every child first checks
 * that getppid() is the parent's pid and that its grandchild saw the child as its parent and
 * exited with the expected status (failures show as exit status 90-99 instead). Child 0 blocks
 * on a pipe until the parent has checked that waitpid(WNOHANG) returns 0 for it. The parent
 * waits for children 0-2 by pid and for 3-4 with -1, then expects ECHILD. Pids are not
 * printed (they differ between runs); statuses are printed in child order.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "zlxtest.h"

#define N 5

static void describe(int i, int status)
{
    printf("child %d: WIFEXITED=%d", i, WIFEXITED(status) ? 1 : 0);
    if (WIFEXITED(status)) {
        printf(" WEXITSTATUS=%d", WEXITSTATUS(status));
    }
    printf(" WIFSIGNALED=%d", WIFSIGNALED(status) ? 1 : 0);
    if (WIFSIGNALED(status)) {
        printf(" WTERMSIG=%d", WTERMSIG(status));
    }
    printf("\n");
}

static void child(int i, pid_t parent, int gate)
{
    if (getppid() != parent) {
        _exit(99);
    }
    pid_t me = getpid();
    pid_t g = fork();
    if (g < 0) {
        _exit(98);
    }
    if (g == 0) {
        _exit(getppid() == me ? 10 + i : 97);
    }
    int st;
    if (waitpid(g, &st, 0) != g) {
        _exit(96);
    }
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 10 + i) {
        _exit(95);
    }
    if (waitpid(-1, &st, WNOHANG) != -1 || errno != ECHILD) {
        _exit(94);
    }
    switch (i) {
    case 0: {
        char c;
        if (read(gate, &c, 1) != 1 || c != 'g') {
            _exit(93);
        }
        _exit(3);
    }
    case 1: _exit(5);
    case 2: _exit(7);
    case 3: {
        volatile int *p = (int *)0;
        _exit(*p);
    }
    default:
        abort();
    }
}

int main(void)
{
    int gate[2];
    if (pipe(gate) != 0) {
        perror("pipe");
        return 100;
    }
    pid_t parent = getpid();
    pid_t kids[N];
    fflush(stdout);
    for (int i = 0; i < N; i++) {
        kids[i] = fork();
        if (kids[i] < 0) {
            perror("fork");
            return 101;
        }
        if (kids[i] == 0) {
            close(gate[1]);
            child(i, parent, gate[0]);
        }
    }
    close(gate[0]);

    int st = -1;
    pid_t r = waitpid(kids[0], &st, WNOHANG);
    printf("WNOHANG on blocked child: %d\n", (int)r);
    if (write(gate[1], "g", 1) != 1) {
        perror("write");
        return 102;
    }
    close(gate[1]);

    for (int i = 0; i < 3; i++) {
        r = waitpid(kids[i], &st, 0);
        printf("waitpid(child %d): %s\n", i, r == kids[i] ? "its pid" : "WRONG");
        describe(i, st);
    }
    int statuses[N];
    int seen = 0;
    for (int k = 0; k < 2; k++) {
        r = waitpid(-1, &st, 0);
        int found = -1;
        for (int i = 3; i < N; i++) {
            if (r == kids[i] && !(seen & (1 << i))) {
                found = i;
            }
        }
        if (found < 0) {
            printf("waitpid(-1): unexpected %d (%s)\n", (int)r, errno_name(errno));
            return 103;
        }
        seen |= 1 << found;
        statuses[found] = st;
    }
    printf("waitpid(-1) twice: children 3 and 4\n");
    for (int i = 3; i < N; i++) {
        describe(i, statuses[i]);
    }
    errno = 0;
    r = waitpid(-1, &st, 0);
    printf("waitpid(-1) after all: %d %s\n", (int)r, errno_name(errno));
    errno = 0;
    r = waitpid(kids[1], &st, WNOHANG);
    printf("waitpid(reaped child, WNOHANG): %d %s\n", (int)r, errno_name(errno));
    return 0;
}
