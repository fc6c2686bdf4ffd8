/*
 * clone(2) of processes with shared resources: CLONE_VM (memory), CLONE_FILES (descriptor
 * table), CLONE_FS (working directory), CLONE_SIGHAND (dispositions), and CLONE_PARENT (the child is the caller's sibling,
 * so the caller cannot wait for it). Each child reports through memory or a pipe.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define STACK_SIZE (256 * 1024)

static volatile int shared_word;
static int report_fd;

static int store_word(void *arg)
{
    (void)arg;
    shared_word = 42;
    return 0;
}

static int dup_to_100(void *arg)
{
    return dup2(*(int *)arg, 100) == 100 ? 0 : 1;
}

static int change_dir(void *arg)
{
    (void)arg;
    return chdir("/dev") == 0 ? 0 : 1;
}

static void on_usr2(int sig)
{
    (void)sig;
}

static int set_handler(void *arg)
{
    (void)arg;
    return signal(SIGUSR2, on_usr2) == SIG_ERR;
}

static int tell_parent(void *arg)
{
    char line[64];
    int n = snprintf(line, sizeof line, "%d\n", getppid() == *(pid_t *)arg);
    write(report_fd, line, n);
    return 0;
}

static pid_t start(int (*fn)(void *), int flags, void *arg)
{
    char *stack = malloc(STACK_SIZE);
    return clone(fn, stack + STACK_SIZE, flags, arg);
}

static int status_of(pid_t pid)
{
    int st = -1;
    waitpid(pid, &st, __WALL);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(void)
{
    pid_t c = start(store_word, CLONE_VM | SIGCHLD, NULL);
    int st = status_of(c);
    printf("CLONE_VM: exit %d, the child's store is seen: %d\n", st, shared_word);

    int p[2];
    pipe(p);
    c = start(dup_to_100, CLONE_FILES | SIGCHLD, &p[1]);
    st = status_of(c);
    printf("CLONE_FILES: exit %d, the child's dup2 is seen: %d\n", st, fcntl(100, F_GETFD) != -1);
    close(100);

    c = start(dup_to_100, SIGCHLD, &p[1]);
    st = status_of(c);
    printf("without CLONE_FILES: exit %d, the child's dup2 is seen: %d\n", st, fcntl(100, F_GETFD) != -1);

    chdir("/");
    c = start(change_dir, CLONE_FS | SIGCHLD, NULL);
    st = status_of(c);
    char cwd[256];
    printf("CLONE_FS: exit %d, cwd now %s\n", st, getcwd(cwd, sizeof cwd));

    c = start(set_handler, CLONE_VM | CLONE_SIGHAND | SIGCHLD, NULL);
    st = status_of(c);
    struct sigaction now;
    sigaction(SIGUSR2, NULL, &now);
    printf("CLONE_SIGHAND: exit %d, the child's handler is ours: %d\n", st, now.sa_handler == on_usr2);
    c = start(set_handler, CLONE_VM | SIGCHLD, NULL);
    signal(SIGUSR2, SIG_DFL);
    st = status_of(c);
    sigaction(SIGUSR2, NULL, &now);
    printf("without CLONE_SIGHAND: exit %d, the child's handler is ours: %d\n", st, now.sa_handler == on_usr2);

    report_fd = p[1];
    pid_t grandparent = getppid();
    c = start(tell_parent, CLONE_PARENT | SIGCHLD, &grandparent);
    if (c < 0) {
        printf("CLONE_PARENT: clone failed: %s\n", strerror(errno));
        return 1;
    }
    char line[16] = {0};
    read(p[0], line, sizeof line - 1);
    printf("CLONE_PARENT: the child's parent is ours: %s", line);
    errno = 0;
    pid_t w = waitpid(c, &st, 0);
    printf("CLONE_PARENT: we cannot wait for it: %d %s\n", (int)w, errno == ECHILD ? "ECHILD" : strerror(errno));
    return 0;
}
