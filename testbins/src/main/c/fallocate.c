/*
 * fallocate(2) in each directory given (a tmpfs such as /dev/shm, a host directory): sizes and
 * allocated blocks after mode 0, FALLOC_FL_KEEP_SIZE and FALLOC_FL_PUNCH_HOLE, the contents
 * after punching, what each file system refuses, the checks every file system shares, and
 * memfd seals against fallocate.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "zlxtest.h"

#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_SEAL_GROW 0x0004
#define F_SEAL_WRITE 0x0008
#endif
#ifndef FALLOC_FL_KEEP_SIZE
#define FALLOC_FL_KEEP_SIZE 0x01
#endif
#ifndef FALLOC_FL_PUNCH_HOLE
#define FALLOC_FL_PUNCH_HOLE 0x02
#endif
#ifndef FALLOC_FL_COLLAPSE_RANGE
#define FALLOC_FL_COLLAPSE_RANGE 0x08
#define FALLOC_FL_ZERO_RANGE 0x10
#define FALLOC_FL_INSERT_RANGE 0x20
#endif
#ifndef FALLOC_FL_UNSHARE_RANGE
#define FALLOC_FL_UNSHARE_RANGE 0x40
#endif

static void show(const char *what, int r)
{
    printf("  %s: %s\n", what, r == 0 ? "OK" : errno_name(errno));
}

static void size_and_blocks(int fd)
{
    struct stat st;
    fstat(fd, &st);
    printf("    size %ld blocks %ld\n", (long)st.st_size, (long)st.st_blocks);
}

static void bytes(int fd, long off)
{
    unsigned char b[4] = {0};
    pread(fd, b, 4, off);
    printf("    bytes at %ld: %02x %02x %02x %02x\n", off, b[0], b[1], b[2], b[3]);
}

static void in_directory(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/fallocate.tmp", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "hello", 5);
    show("mode 0 [0,8192)", fallocate(fd, 0, 0, 8192));
    size_and_blocks(fd);
    bytes(fd, 0);
    bytes(fd, 5000);
    show("KEEP_SIZE [8192,16384)", fallocate(fd, FALLOC_FL_KEEP_SIZE, 8192, 8192));
    size_and_blocks(fd);
    show("mode 0 [100,200) inside", fallocate(fd, 0, 100, 100));
    size_and_blocks(fd);
    show("mode 0 past the end [10000,10001)", fallocate(fd, 0, 10000, 1));
    size_and_blocks(fd);
    show("PUNCH_HOLE without KEEP_SIZE", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 4096));
    show("PUNCH_HOLE|KEEP_SIZE [0,4096)", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096));
    size_and_blocks(fd);
    bytes(fd, 0);
    pwrite(fd, "abcdefgh", 8, 4096);
    show("PUNCH_HOLE|KEEP_SIZE [4098,4100) inside a page", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4098, 2));
    bytes(fd, 4096);
    bytes(fd, 4100);
    size_and_blocks(fd);
    show("PUNCH_HOLE|KEEP_SIZE past the end", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 20000, 4096));
    size_and_blocks(fd);
    show("PUNCH_HOLE|ZERO_RANGE|KEEP_SIZE", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, 0, 1));
    show("COLLAPSE_RANGE|KEEP_SIZE", fallocate(fd, FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_KEEP_SIZE, 0, 4096));
    show("INSERT_RANGE|KEEP_SIZE", fallocate(fd, FALLOC_FL_INSERT_RANGE | FALLOC_FL_KEEP_SIZE, 0, 4096));
    show("UNSHARE_RANGE|PUNCH_HOLE", fallocate(fd, FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_PUNCH_HOLE, 0, 4096));
    show("unknown mode 0x100", fallocate(fd, 0x100, 0, 1));
    show("mode 0x04", fallocate(fd, 0x04, 0, 1));
    show("negative offset", fallocate(fd, 0, -1, 1));
    show("length 0", fallocate(fd, 0, 0, 0));
    show("negative length", fallocate(fd, 0, 0, -1));
    show("offset + length wraps", fallocate(fd, 0, 0x7fffffffffffff00LL, 0x1000));
    show("bad mode before bad length", fallocate(fd, 0x100, 0, 0));
    int ro = open(path, O_RDONLY);
    show("read-only descriptor", fallocate(ro, 0, 0, 1));
    show("read-only descriptor, bad mode", fallocate(ro, 0x100, 0, 1));
    close(ro);
    int opath = open(path, O_PATH);
    show("O_PATH descriptor", fallocate(opath, 0, 0, 1));
    close(opath);
    int d = open(dir, O_RDONLY | O_DIRECTORY);
    show("directory", fallocate(d, 0, 0, 1));
    close(d);
    close(fd);
    unlink(path);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        printf("directory %d:\n", i);
        in_directory(argv[i]);
    }
    printf("others:\n");
    int p[2];
    pipe(p);
    show("pipe", fallocate(p[1], 0, 0, 1));
    int null = open("/dev/null", O_WRONLY);
    show("/dev/null", fallocate(null, 0, 0, 1));
    show("bad descriptor", fallocate(-1, 0, 0, 1));
    int m = memfd_create("falloc", MFD_ALLOW_SEALING);
    show("memfd mode 0", fallocate(m, 0, 0, 4096));
    fcntl(m, F_ADD_SEALS, F_SEAL_GROW);
    show("memfd F_SEAL_GROW, inside", fallocate(m, 0, 0, 4096));
    show("memfd F_SEAL_GROW, past the end", fallocate(m, 0, 4096, 1));
    show("memfd F_SEAL_GROW, KEEP_SIZE past the end", fallocate(m, FALLOC_FL_KEEP_SIZE, 4096, 1));
    fcntl(m, F_ADD_SEALS, F_SEAL_WRITE);
    show("memfd F_SEAL_WRITE, punch", fallocate(m, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 1));
    printf("fallocate: done\n");
    return 0;
}
