/*
 * Memory shared between processes, as POSIX semaphores (sem_open), shm_open and Python's
 * multiprocessing rely on: MAP_SHARED|MAP_ANONYMOUS stays shared across fork (and MAP_PRIVATE
 * does not), a MAP_SHARED mapping of a /dev/shm file is coherent with read(2)/write(2) and with
 * another process's own mapping of the file, a process-shared semaphore in shared memory wakes
 * a waiter in another process, and a named semaphore counts across processes. Two processes
 * then increment one counter under a process-shared mutex: no increment may be lost.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "zlxtest.h"

#define INCREMENTS 20000

static void anonymous(void)
{
    int *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int *private = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    *shared = 1;
    *private = 1;
    if (fork() == 0) {
        *shared = 42;
        *private = 42;
        _exit(0);
    }
    wait(NULL);
    printf("anonymous MAP_SHARED after the child's store: %d, MAP_PRIVATE: %d\n", *shared, *private);
    /* mremap moves a shared area with its pages: the child's store is still seen there. */
    int *moved = mremap(shared, 4096, 8192, MREMAP_MAYMOVE);
    printf("after mremap to 2 pages: %d\n", moved == MAP_FAILED ? -1 : *moved);
    munmap(moved, 8192);
    munmap(private, 4096);
}

static void file_mapping(void)
{
    char name[64];
    snprintf(name, sizeof name, "/zlx-shared-%d", (int)getpid());
    int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        printf("shm_open: %s\n", errno_name(errno));
        exit(1);
    }
    int t = ftruncate(fd, 4096);
    printf("ftruncate: %s\n", errno_name(t == 0 ? 0 : errno));
    char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        printf("file MAP_SHARED: %s\n", errno_name(errno));
        exit(1);
    }
    strcpy(p, "via mapping");
    char buf[16] = {0};
    pread(fd, buf, 11, 0);
    printf("read() sees the store: [%s]\n", buf);
    pwrite(fd, "VIA", 3, 0);
    printf("the mapping sees write(): [%.11s]\n", p);

    /* A child that opens and maps the file itself (not inherited) sees and changes the same page. */
    if (fork() == 0) {
        int cfd = shm_open(name, O_RDWR, 0);
        char *c = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);
        c[0] = 'v';
        _exit(c[1] == 'I' ? 0 : 1);
    }
    int status;
    wait(&status);
    printf("another mapping of the file: child exit %d, now [%.11s]\n", WEXITSTATUS(status), p);
    shm_unlink(name);

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
    munmap(p, 4096);
    close(fd);
}

static void named_semaphore(void)
{
    char name[64];
    snprintf(name, sizeof name, "/zlx-sem-%d", (int)getpid());
    sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
    if (s == SEM_FAILED) {
        printf("sem_open: %s\n", errno_name(errno));
        exit(1);
    }
    for (int i = 0; i < 3; i++) {
        if (fork() == 0) {
            sem_t *c = sem_open(name, 0);
            sem_post(c);
            _exit(0);
        }
    }
    for (int i = 0; i < 3; i++) {
        sem_wait(s);
    }
    while (wait(NULL) > 0) {
    }
    int value = -1;
    sem_getvalue(s, &value);
    printf("named semaphore: 3 posts from 3 children taken, value now %d\n", value);
    sem_close(s);
    printf("sem_unlink: %s\n", errno_name(sem_unlink(name) == 0 ? 0 : errno));
}

struct counter {
    pthread_mutex_t lock;
    long value;
};

static void shared_mutex(void)
{
    struct counter *c = mmap(NULL, sizeof *c, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&c->lock, &attr);
    for (int p = 0; p < 2; p++) {
        if (fork() == 0) {
            for (int i = 0; i < INCREMENTS; i++) {
                pthread_mutex_lock(&c->lock);
                c->value++;
                pthread_mutex_unlock(&c->lock);
            }
            _exit(0);
        }
    }
    while (wait(NULL) > 0) {
    }
    printf("two processes x %d increments under a shared mutex: %ld\n", INCREMENTS, c->value);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    anonymous();
    file_mapping();
    named_semaphore();
    shared_mutex();
    return 0;
}
