/* execve from a process with two more threads (one sleeping in a loop, one blocked in read): they end and the new program runs. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
static void *spin(void *a) { for (;;) { usleep(1000); } return a; }
static void *block(void *a) { char c; int p[2]; pipe(p); read(p[0], &c, 1); return a; }
int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: exec_threads PROGRAM\n"); return 2; }
    pthread_t t1, t2; pthread_create(&t1, NULL, spin, NULL); pthread_create(&t2, NULL, block, NULL);
    usleep(20000);
    printf("exec from a process with 3 threads\n"); fflush(stdout);
    char *args[] = {argv[1], NULL};
    execv(argv[1], args);
    perror("execv"); return 1;
}
