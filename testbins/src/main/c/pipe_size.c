/*
 * F_GETPIPE_SZ and F_SETPIPE_SZ: the default capacity, rounding up to a power of two pages,
 * a bigger pipe really holding more, EBUSY when shrinking below what is buffered, EPERM past
 * /proc/sys/fs/pipe-max-size for an unprivileged caller, EBADF on a non-pipe.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "zlxtest.h"

static const char *val(long r)
{
    static char buf[4][32];
    static int n;
    char *b = buf[n++ % 4];
    if (r < 0) {
        return errno_name(errno);
    }
    snprintf(b, 32, "%ld", r);
    return b;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int p[2];
    pipe2(p, O_NONBLOCK);
    printf("default: %s\n", val(fcntl(p[0], F_GETPIPE_SZ)));
    printf("set 1: %s", val(fcntl(p[1], F_SETPIPE_SZ, 1)));
    printf(", set 100000: %s", val(fcntl(p[1], F_SETPIPE_SZ, 100000)));
    printf(", read end sees: %s\n", val(fcntl(p[0], F_GETPIPE_SZ)));
    static char data[200000];
    printf("write 150000 into 131072: %s", val(write(p[1], data, 150000)));
    printf(", shrink to 4096: %s", val(fcntl(p[1], F_SETPIPE_SZ, 4096)));
    static char sink[200000];
    read(p[0], sink, sizeof sink);
    write(p[1], data, 6000);
    printf(", with 6000 buffered to 8192: %s", val(fcntl(p[1], F_SETPIPE_SZ, 8192)));
    printf(", to 4096: %s\n", val(fcntl(p[1], F_SETPIPE_SZ, 4096)));
    printf("set 1 MiB: %s", val(fcntl(p[1], F_SETPIPE_SZ, 1 << 20)));
    printf(", 3 GiB: %s\n", val(fcntl(p[1], F_SETPIPE_SZ, 3U << 30)));
    int f = open("/dev/null", O_RDONLY);
    printf("on /dev/null: get %s, set %s\n", val(fcntl(f, F_GETPIPE_SZ)), val(fcntl(f, F_SETPIPE_SZ, 4096)));
    pid_t pid = fork();
    if (pid == 0) {
        setuid(65534);
        printf("unprivileged past pipe-max-size: %s", val(fcntl(p[1], F_SETPIPE_SZ, (1 << 20) + 1)));
        printf(", at it: %s\n", val(fcntl(p[1], F_SETPIPE_SZ, 1 << 20)));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    return 0;
}
