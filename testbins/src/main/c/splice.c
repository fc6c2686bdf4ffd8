/*
 * sendfile(2), splice(2), tee(2) and vmsplice(2) between files in the directory given as
 * argv[1], pipes and user memory: counts, offsets and file positions, what each moves at once,
 * and Linux's errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "zlxtest.h"

static void result(const char *what, long r)
{
    if (r < 0) {
        printf("%s: %s\n", what, errno_name(errno));
    } else {
        printf("%s: %ld\n", what, r);
    }
}

static void drain(const char *what, int fd)
{
    char buf[256];
    int n = (int)read(fd, buf, sizeof buf);
    printf("%s: \"%.*s\"\n", what, n < 0 ? 0 : n, buf);
}

static long pos(int fd)
{
    return (long)lseek(fd, 0, SEEK_CUR);
}

static void contents(const char *what, const char *path)
{
    char buf[256];
    int fd = open(path, O_RDONLY);
    int n = (int)read(fd, buf, sizeof buf);
    close(fd);
    for (int i = 0; i < n; i++) {
        if (buf[i] == 0) {
            buf[i] = '.';
        }
    }
    printf("%s: \"%.*s\"\n", what, n < 0 ? 0 : n, buf);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: splice DIR\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    char src[4096], dst[4096];
    snprintf(src, sizeof src, "%s/splice-src.tmp", argv[1]);
    snprintf(dst, sizeof dst, "%s/splice-dst.tmp", argv[1]);
    int in = open(src, O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(in, "abcdefghijklmnopqrstuvwxyz", 26);
    int out = open(dst, O_RDWR | O_CREAT | O_TRUNC, 0644);
    int p[2], q[2];
    pipe(p);
    pipe(q);

    printf("sendfile:\n");
    lseek(in, 2, SEEK_SET);
    result("file to file at the position, 5", sendfile(out, in, NULL, 5));
    printf("in position %ld, out position %ld\n", pos(in), pos(out));
    off_t off = 20;
    result("file to file from offset 20, 100", sendfile(out, in, &off, 100));
    printf("offset now %ld, in position still %ld\n", (long)off, pos(in));
    result("at the end of the input", sendfile(out, in, &off, 10));
    contents("out", dst);
    off = 0;
    result("file to pipe, 8", sendfile(p[1], in, &off, 8));
    drain("pipe", p[0]);
    result("count 0", sendfile(out, in, NULL, 0));
    result("pipe as input", sendfile(out, p[0], NULL, 4));
    off = 0;
    result("pipe as input with offset", sendfile(out, p[0], &off, 4));
    off = -1;
    result("negative offset", sendfile(out, in, &off, 4));
    int ro = open(dst, O_RDONLY);
    result("read-only output", sendfile(ro, in, NULL, 4));
    int wo = open(src, O_WRONLY);
    result("write-only input", sendfile(out, wo, NULL, 4));
    result("bad output descriptor", sendfile(-1, in, NULL, 4));
    result("bad input descriptor", sendfile(out, -1, NULL, 4));
    int app = open(dst, O_WRONLY | O_APPEND);
    result("O_APPEND output", sendfile(app, in, NULL, 4));
    result("directory as input", sendfile(out, open(argv[1], O_RDONLY | O_DIRECTORY), NULL, 4));

    printf("splice:\n");
    lseek(in, 0, SEEK_SET);
    result("file to pipe at the position, 6", splice(in, NULL, p[1], NULL, 6, 0));
    printf("in position %ld\n", pos(in));
    loff_t lo = 10;
    result("file to pipe from offset 10, 3", splice(in, &lo, p[1], NULL, 3, 0));
    printf("offset now %ld, in position still %ld\n", (long)lo, pos(in));
    result("pipe to pipe, 4", splice(p[0], NULL, q[1], NULL, 4, SPLICE_F_MOVE));
    drain("second pipe", q[0]);
    ftruncate(out, 0);
    lseek(out, 0, SEEK_SET);
    lo = 3;
    result("pipe to file at offset 3, 100 (5 waiting)", splice(p[0], NULL, out, &lo, 100, SPLICE_F_MORE));
    printf("offset now %ld, out position still %ld\n", (long)lo, pos(out));
    contents("out", dst);
    write(p[1], "XYZ", 3);
    result("pipe to file at the position", splice(p[0], NULL, out, NULL, 10, 0));
    printf("out position %ld\n", pos(out));
    result("empty pipe, SPLICE_F_NONBLOCK", splice(p[0], NULL, out, NULL, 10, SPLICE_F_NONBLOCK));
    result("len 0 with bad descriptors", splice(-1, NULL, -1, NULL, 0, 0));
    result("unknown flag", splice(p[0], NULL, out, NULL, 1, 0x100));
    result("file to file", splice(in, NULL, out, NULL, 4, 0));
    lo = 0;
    result("offset on a pipe", splice(p[0], &lo, out, NULL, 4, 0));
    result("same pipe", splice(p[0], NULL, p[1], NULL, 4, 0));
    write(p[1], "12", 2);
    result("read end as output", splice(in, NULL, p[0], NULL, 4, 0));
    result("O_APPEND output", splice(p[0], NULL, app, NULL, 4, 0));
    lo = -5;
    result("negative offset", splice(p[0], NULL, out, &lo, 4, 0));
    drain("left in the pipe", p[0]);
    close(q[0]);
    write(p[1], "ab", 2);
    result("to a pipe without readers", splice(p[0], NULL, q[1], NULL, 2, 0));
    drain("left in the pipe", p[0]);
    close(q[1]);
    pipe(q);

    printf("tee:\n");
    write(p[1], "teedata", 7);
    result("tee 4", tee(p[0], q[1], 4, 0));
    drain("copy", q[0]);
    drain("original keeps all", p[0]);
    result("tee from an empty pipe, SPLICE_F_NONBLOCK", tee(p[0], q[1], 4, SPLICE_F_NONBLOCK));
    result("tee to the same pipe", tee(p[0], p[1], 4, 0));
    result("tee from a file", tee(in, q[1], 4, 0));
    result("tee len 0", tee(in, q[1], 0, 0));
    result("tee unknown flag", tee(p[0], q[1], 4, 0x40));
    result("tee write end as input", tee(p[1], q[1], 4, 0));
    int fifo_w = dup(p[1]);
    close(p[1]);
    close(fifo_w);
    result("tee from an empty pipe without writers", tee(p[0], q[1], 4, 0));
    close(p[0]);
    pipe(p);

    printf("vmsplice:\n");
    char a[] = "hello ", b[] = "world";
    struct iovec iov[2] = {{a, 6}, {b, 5}};
    result("user to pipe", vmsplice(p[1], iov, 2, 0));
    char r1[4], r2[20];
    memset(r2, 0, sizeof r2);
    struct iovec riov[2] = {{r1, 4}, {r2, sizeof r2}};
    result("pipe to user", vmsplice(p[0], riov, 2, 0));
    printf("got \"%.4s\" \"%s\"\n", r1, r2);
    result("empty pipe, SPLICE_F_NONBLOCK", vmsplice(p[0], riov, 2, SPLICE_F_NONBLOCK));
    result("no segments", vmsplice(p[1], iov, 0, 0));
    result("a file", vmsplice(out, iov, 2, 0));
    result("unknown flag", vmsplice(p[1], iov, 2, 0x20));
    result("bad descriptor", vmsplice(-1, iov, 2, 0));
    result("too many segments", vmsplice(p[1], iov, 1025, 0));
    /* Page-aligned: Linux fills whole pages, 16 of them in an empty pipe. */
    static char big[70000] __attribute__((aligned(4096)));
    memset(big, 'x', sizeof big);
    struct iovec biov = {big, sizeof big};
    result("more than fits", vmsplice(p[1], &biov, 1, 0));
    result("full pipe, SPLICE_F_NONBLOCK", vmsplice(p[1], &biov, 1, SPLICE_F_NONBLOCK));
    close(p[0]);
    result("no readers", vmsplice(p[1], iov, 2, 0));

    unlink(src);
    unlink(dst);
    printf("splice: done\n");
    return 0;
}
