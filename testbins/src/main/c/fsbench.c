/*
 * File system benchmarks for bench/compare.sh; each prints one line that does not depend on
 * timing, so runs can be checked against the native output. DIR is made if missing.
 *   fsbench open N DIR     N x (open + read 4 KiB + close) of a small file
 *   fsbench stat N DIR     N x stat of a path 5 directories deep
 *   fsbench seqio MIB DIR  write MIB MiB sequentially in 1 MiB writes, read them back, unlink
 *   fsbench readdir N DIR  create N files in a directory, list it 20 times, remove them
 *   fsbench smallfile N DIR  N x (create + write 4 KiB + close + open + read + close + unlink)
 *   fsbench epoll N        N round trips between two threads through eventfds and epoll_wait
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

static char path[4096];

static const char *at(const char *dir, const char *name)
{
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static void put(const char *file, size_t size)
{
    static char data[4096];
    int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size || close(fd) != 0) {
        die(file);
    }
}

static long bench_open(long n, const char *dir)
{
    char file[4096];
    snprintf(file, sizeof file, "%s/small", dir);
    put(file, 4096);
    char buf[4096];
    long bytes = 0;
    for (long i = 0; i < n; i++) {
        int fd = open(file, O_RDONLY);
        bytes += read(fd, buf, sizeof buf);
        close(fd);
    }
    unlink(file);
    return bytes / 4096;
}

static long bench_stat(long n, const char *dir)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/a", dir);
    const char *levels[] = {"/a", "/b", "/c", "/d", "/e"};
    p[0] = 0;
    snprintf(p, sizeof p, "%s", dir);
    for (int i = 0; i < 5; i++) {
        strcat(p, levels[i]);
        mkdir(p, 0755);
    }
    strcat(p, "/f");
    put(p, 1);
    struct stat st;
    long found = 0;
    for (long i = 0; i < n; i++) {
        found += stat(p, &st) == 0;
    }
    unlink(p);
    for (int i = 4; i >= 0; i--) {
        *strrchr(p, '/') = 0;
        rmdir(p);
    }
    return found;
}

static long bench_seqio(long mib, const char *dir)
{
    static char chunk[1 << 20];
    memset(chunk, 'x', sizeof chunk);
    const char *file = at(dir, "big");
    int fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0644);
    for (long i = 0; i < mib; i++) {
        if (write(fd, chunk, sizeof chunk) != (ssize_t)sizeof chunk) {
            die("write");
        }
    }
    lseek(fd, 0, SEEK_SET);
    long read_mib = 0;
    while (read(fd, chunk, sizeof chunk) == (ssize_t)sizeof chunk) {
        read_mib++;
    }
    close(fd);
    unlink(file);
    return read_mib;
}

static long bench_readdir(long n, const char *dir)
{
    char sub[4096], name[4200];
    snprintf(sub, sizeof sub, "%s/many", dir);
    mkdir(sub, 0755);
    for (long i = 0; i < n; i++) {
        snprintf(name, sizeof name, "%s/entry-%06ld", sub, i);
        close(open(name, O_WRONLY | O_CREAT, 0644));
    }
    long seen = 0;
    for (int round = 0; round < 20; round++) {
        DIR *d = opendir(sub);
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            seen += e->d_name[0] != '.';
        }
        closedir(d);
    }
    for (long i = 0; i < n; i++) {
        snprintf(name, sizeof name, "%s/entry-%06ld", sub, i);
        unlink(name);
    }
    rmdir(sub);
    return seen / 20;
}

static long bench_smallfile(long n, const char *dir)
{
    static char data[4096];
    char file[4096];
    long ok = 0;
    for (long i = 0; i < n; i++) {
        snprintf(file, sizeof file, "%s/s%ld", dir, i & 7);
        int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        write(fd, data, sizeof data);
        close(fd);
        fd = open(file, O_RDONLY);
        ok += read(fd, data, sizeof data) == (ssize_t)sizeof data;
        close(fd);
        unlink(file);
    }
    return ok;
}

struct side {
    int in_ep;
    int in_fd;
    int out_fd;
    long rounds;
};

static void *pong(void *arg)
{
    struct side *s = arg;
    struct epoll_event ev;
    uint64_t v;
    for (long i = 0; i < s->rounds; i++) {
        if (epoll_wait(s->in_ep, &ev, 1, -1) != 1 || read(s->in_fd, &v, 8) != 8) {
            die("pong");
        }
        v = 1;
        write(s->out_fd, &v, 8);
    }
    return NULL;
}

static int epoll_on(int fd)
{
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    return ep;
}

static long bench_epoll(long n)
{
    int ping = eventfd(0, 0);
    int back = eventfd(0, 0);
    struct side s = {epoll_on(ping), ping, back, n};
    int back_ep = epoll_on(back);
    pthread_t t;
    pthread_create(&t, NULL, pong, &s);
    struct epoll_event ev;
    uint64_t v;
    long done = 0;
    for (long i = 0; i < n; i++) {
        v = 1;
        write(ping, &v, 8);
        if (epoll_wait(back_ep, &ev, 1, -1) != 1 || read(back, &v, 8) != 8) {
            die("ping");
        }
        done++;
    }
    pthread_join(t, NULL);
    return done;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: fsbench open|stat|seqio|readdir|smallfile N DIR | fsbench epoll N\n");
        return 2;
    }
    long n = atol(argv[2]);
    const char *dir = argc > 3 ? argv[3] : ".";
    mkdir(dir, 0755); /* the benchmark's own directory (/dev/shm/NAME does not outlive a zlx run) */
    long r;
    if (strcmp(argv[1], "open") == 0) {
        r = bench_open(n, dir);
    } else if (strcmp(argv[1], "stat") == 0) {
        r = bench_stat(n, dir);
    } else if (strcmp(argv[1], "seqio") == 0) {
        r = bench_seqio(n, dir);
    } else if (strcmp(argv[1], "readdir") == 0) {
        r = bench_readdir(n, dir);
    } else if (strcmp(argv[1], "smallfile") == 0) {
        r = bench_smallfile(n, dir);
    } else if (strcmp(argv[1], "epoll") == 0) {
        r = bench_epoll(n);
    } else {
        fprintf(stderr, "fsbench: unknown benchmark %s\n", argv[1]);
        return 2;
    }
    printf("%s %ld\n", argv[1], r);
    return 0;
}
