/*
 * execve from a thread that is not the leader, in a process with two more threads (one
 * sleeping in a loop, one blocked in read): they end, the new program runs in the same
 * process, and the thread that called execve now has the process id as its thread id.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static char pidarg[32];

static void *spin(void *a) { for (;;) { usleep(1000); } return a; }
static void *block(void *a) { char c; int p[2]; pipe(p); read(p[0], &c, 1); return a; }

static void *exec_from_thread(void *a)
{
    printf("exec from a non-leader thread (tid != pid: %d) of a process with 4 threads\n",
           (int)syscall(SYS_gettid) != getpid());
    fflush(stdout);
    char *args[] = {"exec_threads", "--after", pidarg, NULL};
    execv("/proc/self/exe", args);
    perror("execv");
    exit(1);
    return a;
}

int main(int argc, char **argv)
{
    if (argc == 3) {
        printf("after exec: same pid %d, tid == pid %d\n", getpid() == atoi(argv[2]),
               (int)syscall(SYS_gettid) == getpid());
        return 0;
    }
    snprintf(pidarg, sizeof pidarg, "%d", getpid());
    pthread_t t1, t2, t3;
    pthread_create(&t1, NULL, spin, NULL);
    pthread_create(&t2, NULL, block, NULL);
    usleep(20000);
    pthread_create(&t3, NULL, exec_from_thread, NULL);
    pthread_join(t3, NULL);
    return 1;
}
