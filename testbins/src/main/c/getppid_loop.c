/* Benchmark: makes N getppid system calls (argv[1], default 1000000) and prints the count. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    long sink = 0;
    for (long i = 0; i < n; i++)
        sink += syscall(SYS_getppid);
    printf("getppid calls: %ld\n", n);
    return sink == 0 && n > 0 ? 1 : 0; /* a parent pid of 0 would be wrong */
}
