/*
 * Memory shared between processes, as POSIX semaphores (sem_open), shm_open and
 * multiprocessing rely on: MAP_SHARED|MAP_ANONYMOUS stays shared across fork, a MAP_SHARED
 * file mapping is coherent with read(2)/write(2) on the file, and a process-shared semaphore in
 * shared memory wakes a waiter in another process.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "zlxtest.h"

int main(void)
{
    int *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    *anon = 1;
    if (fork() == 0) {
        *anon = 42;
        _exit(0);
    }
    wait(NULL);
    printf("anonymous MAP_SHARED after the child's store: %d\n", *anon);

    char path[] = "/tmp/zlx-shared-XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    int t = ftruncate(fd, 4096);
    printf("ftruncate: %s\n", errno_name(t == 0 ? 0 : errno));
    char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        printf("file MAP_SHARED: %s\n", errno_name(errno));
        return 1;
    }
    strcpy(p, "via mapping");
    char buf[16] = {0};
    pread(fd, buf, 11, 0);
    printf("read() sees the store: [%s]\n", buf);
    pwrite(fd, "VIA", 3, 0);
    printf("the mapping sees write(): [%.11s]\n", p);

    sem_t *sem = (sem_t *)(p + 64);
    sem_init(sem, 1, 0);
    pid_t child = fork();
    if (child == 0) {
        sem_wait(sem);
        strcpy(p + 128, "woken");
        _exit(0);
    }
    usleep(20000);
    sem_post(sem);
    waitpid(child, NULL, 0);
    printf("process-shared semaphore: child [%s]\n", p + 128);
    return 0;
}
