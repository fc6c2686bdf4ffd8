/*
 * truncate(2), ftruncate(2), fsync(2) and fdatasync(2) on a file in the working directory, a
 * directory, a pipe and /dev/null, with Linux's errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "zlxtest.h"

static void show(const char *what, int r)
{
    printf("%s: %s\n", what, r == 0 ? "OK" : errno_name(errno));
}

static long size_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

int main(void)
{
    const char *f = "truncate_sync.tmp";
    int fd = open(f, O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "0123456789", 10);
    lseek(fd, 7, SEEK_SET);
    show("ftruncate to 4", ftruncate(fd, 4));
    printf("size %ld, position still %ld\n", size_of(f), (long)lseek(fd, 0, SEEK_CUR));
    show("ftruncate to 8192", ftruncate(fd, 8192));
    printf("size %ld\n", size_of(f));
    show("ftruncate negative", ftruncate(fd, -1));
    show("fsync", fsync(fd));
    show("fdatasync", fdatasync(fd));
    int ro = open(f, O_RDONLY);
    show("ftruncate read-only", ftruncate(ro, 1));
    show("fsync read-only", fsync(ro));
    show("truncate to 3", truncate(f, 3));
    printf("size %ld\n", size_of(f));
    mkdir("truncate_sync.dir", 0755);
    show("truncate a directory", truncate("truncate_sync.dir", 0));
    show("truncate a missing file", truncate("truncate_sync.missing", 0));
    int dir = open("truncate_sync.dir", O_RDONLY | O_DIRECTORY);
    show("fsync a directory", fsync(dir));
    int p[2];
    pipe(p);
    show("ftruncate a pipe", ftruncate(p[1], 0));
    show("fsync a pipe", fsync(p[1]));
    int null = open("/dev/null", O_WRONLY);
    show("fsync /dev/null", fsync(null));
    show("ftruncate /dev/null", ftruncate(null, 0));
    int path = open(f, O_PATH);
    show("fsync O_PATH", fsync(path));
    show("ftruncate O_PATH", ftruncate(path, 0));
    show("fsync closed", fsync(99));
    unlink(f);
    rmdir("truncate_sync.dir");
    return 0;
}
