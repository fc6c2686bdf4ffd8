/*
 * getpriority(2)/setpriority(2) and nice(3): clamping, the raw syscall's 20 - nice, EINVAL and
 * ESRCH, nice values per thread (PRIO_PROCESS by thread id), inherited by threads and fork and
 * kept by execve, PRIO_PGRP and PRIO_USER over several processes, and the checks for an
 * unprivileged caller (EPERM on another user's process, EACCES below its RLIMIT_NICE
 * allowance). Runs as root; the unprivileged parts run in children that drop to uid 54321.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "zlxtest.h"

#define OTHER_UID 54321

static int tid(void) { return (int)syscall(SYS_gettid); }

/* getpriority with errno, as "N" or the errno name. */
static const char *prio(int which, int who)
{
    static char buf[4][16];
    static int n;
    char *b = buf[n++ % 4];
    errno = 0;
    int r = getpriority(which, who);
    if (r == -1 && errno != 0) {
        return errno_name(errno);
    }
    snprintf(b, 16, "%d", r);
    return b;
}

static const char *setp(int which, int who, int nice)
{
    return setpriority(which, who, nice) == 0 ? "OK" : errno_name(errno);
}

static int ready[2], go[2];

static void *thread_nice(void *arg)
{
    (void)arg;
    printf("new thread inherits: %s\n", prio(PRIO_PROCESS, 0));
    printf("thread sets its own: %s", setp(PRIO_PROCESS, tid(), 3));
    printf(", now %s\n", prio(PRIO_PROCESS, 0));
    int t = tid();
    write(ready[1], &t, sizeof t);
    char c;
    read(go[0], &c, 1);
    printf("thread sees what main set: %s\n", prio(PRIO_PROCESS, 0));
    return NULL;
}

/* A child that waits for a byte on go, prints its nice value and exits. */
static pid_t waiting_child(int uid, int pgrp)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (pgrp) {
            setpgid(0, 0);
        }
        if (uid && setuid(uid) != 0) {
            perror("setuid");
            _exit(1);
        }
        char c = 1;
        write(ready[1], &c, 1);
        read(go[0], &c, 1);
        printf("  child sees %s\n", prio(PRIO_PROCESS, 0));
        fflush(stdout);
        _exit(0);
    }
    char c;
    read(ready[0], &c, 1);
    return pid;
}

static void release(int n)
{
    for (int i = 0; i < n; i++) {
        write(go[1], "g", 1);
    }
    while (wait(NULL) > 0) {
    }
}

/*
 * In a child: drop to OTHER_UID with RLIMIT_NICE rlim, then try to lower the nice value. (Only
 * rlim 0: raising the hard limit needs CAP_SYS_RESOURCE, which a container's root may lack.)
 */
static void unprivileged(int rlim, pid_t root_pid)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit rl = {rlim, rlim};
        setrlimit(RLIMIT_NICE, &rl);
        setpriority(PRIO_PROCESS, 0, 10);
        if (setuid(OTHER_UID) != 0) {
            perror("setuid");
            _exit(1);
        }
        printf("unprivileged, RLIMIT_NICE %d: raise to 12: %s", rlim, setp(PRIO_PROCESS, 0, 12));
        printf(", back to 10: %s", setp(PRIO_PROCESS, 0, 10));
        printf(", to %d: %s", 20 - rlim, setp(PRIO_PROCESS, 0, 20 - rlim));
        printf(", to %d: %s", 19 - rlim, setp(PRIO_PROCESS, 0, 19 - rlim));
        printf(", now %s\n", prio(PRIO_PROCESS, 0));
        printf("  root's process: get %s", prio(PRIO_PROCESS, root_pid));
        printf(", set %s", setp(PRIO_PROCESS, root_pid, 19));
        printf(", its group %s", setp(PRIO_PGRP, getpgid(root_pid), 19));
        printf(", own user's processes %s\n", setp(PRIO_USER, 0, 19));
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 2 && strcmp(argv[1], "--after-exec") == 0) {
        printf("after exec: %s\n", prio(PRIO_PROCESS, 0));
        return 0;
    }
    if (geteuid() != 0) {
        printf("needs root\n");
        return 1;
    }
    /* Start from 0 whatever nice value the test runner had, in a process group of its own. */
    setpgid(0, 0);
    printf("set 0: %s", setp(PRIO_PROCESS, 0, 0));
    printf(", get %s\n", prio(PRIO_PROCESS, 0));
    printf("set 100: %s", setp(PRIO_PROCESS, 0, 100));
    printf(", get %s", prio(PRIO_PROCESS, 0));
    printf(", raw %ld\n", syscall(SYS_getpriority, PRIO_PROCESS, 0));
    printf("set -100: %s", setp(PRIO_PROCESS, getpid(), -100));
    printf(", get %s", prio(PRIO_PROCESS, getpid()));
    printf(", raw %ld\n", syscall(SYS_getpriority, PRIO_PROCESS, 0));
    errno = 0;
    int n = nice(5);
    printf("nice(5): %d %s", n, errno_name(errno));
    printf(", nice(0): %d\n", nice(0));
    printf("which 3: get %s", prio(3, 0));
    printf(", set %s", setp(3, 0, 0));
    printf("; which -1: get %s\n", prio(-1, 0));

    pipe(ready);
    pipe(go);
    pid_t gone = fork();
    if (gone == 0) {
        _exit(0);
    }
    waitpid(gone, NULL, 0);
    printf("reaped pid: get %s", prio(PRIO_PROCESS, gone));
    printf(", set %s", setp(PRIO_PROCESS, gone, 0));
    printf("; its group: %s", prio(PRIO_PGRP, gone));
    printf("; uid %d: get %s", OTHER_UID + 1, prio(PRIO_USER, OTHER_UID + 1));
    printf(", set %s\n", setp(PRIO_USER, OTHER_UID + 1, 0));

    /* A zombie keeps its task until it is reaped: its nice value can be read and set. */
    pid_t zombie = fork();
    if (zombie == 0) {
        _exit(0);
    }
    siginfo_t si;
    waitid(P_PID, zombie, &si, WEXITED | WNOWAIT);
    printf("zombie: get %s", prio(PRIO_PROCESS, zombie));
    printf(", set %s", setp(PRIO_PROCESS, zombie, -18));
    printf(", get %s", prio(PRIO_PROCESS, zombie));
    printf(", its group %s\n", prio(PRIO_PGRP, getpgrp()));
    waitpid(zombie, NULL, 0);

    /* Per thread: a new thread inherits, sets its own, main sets it by its tid. */
    setpriority(PRIO_PROCESS, 0, 7);
    pthread_t th;
    pthread_create(&th, NULL, thread_nice, NULL);
    int t;
    read(ready[0], &t, sizeof t);
    printf("main still %s", prio(PRIO_PROCESS, 0));
    printf(", thread by tid %s", prio(PRIO_PROCESS, t));
    printf(", group max %s\n", prio(PRIO_PGRP, 0));
    printf("main sets the thread: %s\n", setp(PRIO_PROCESS, t, 11));
    write(go[1], "g", 1);
    pthread_join(th, NULL);

    /* fork keeps the caller's nice value, and so does execve. */
    printf("fork:\n");
    waiting_child(0, 0);
    release(1);
    fflush(stdout);
    pid_t e = fork();
    if (e == 0) {
        execl(argv[0], argv[0], "--after-exec", (char *)NULL);
        perror("execl");
        _exit(1);
    }
    waitpid(e, NULL, 0);

    /* PRIO_PGRP: a group of its own with two members. */
    pid_t leader = waiting_child(0, 1);
    pid_t member = fork();
    if (member == 0) {
        setpgid(0, leader);
        char c = 1;
        write(ready[1], &c, 1);
        read(go[0], &c, 1);
        printf("  child sees %s\n", prio(PRIO_PROCESS, 0));
        _exit(0);
    }
    setpgid(member, leader);
    char c;
    read(ready[0], &c, 1);
    printf("group of 2: set 4: %s", setp(PRIO_PGRP, leader, 4));
    printf(", get %s", prio(PRIO_PGRP, leader));
    printf(", member %s", prio(PRIO_PROCESS, member));
    printf(", own group still %s\n", prio(PRIO_PGRP, 0));
    release(2);

    /* PRIO_USER: two processes of another user. */
    waiting_child(OTHER_UID, 0);
    waiting_child(OTHER_UID, 0);
    printf("user %d: set 13: %s", OTHER_UID, setp(PRIO_USER, OTHER_UID, 13));
    printf(", get %s\n", prio(PRIO_USER, OTHER_UID));
    release(2);

    unprivileged(0, getpid());
    return 0;
}
