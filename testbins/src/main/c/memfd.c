/*
 * memfd_create(2): flags and name rules, the file it makes (fstat, fstatfs, /proc/self/fd),
 * reading and writing, ftruncate, and the seals of fcntl F_ADD_SEALS / F_GET_SEALS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "zlxtest.h"

#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U
#endif
#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC 0x0020
#endif

static int memfd(const char *name, unsigned flags)
{
    return (int)syscall(SYS_memfd_create, name, flags);
}

static void show(int fd)
{
    struct stat st;
    fstat(fd, &st);
    printf("fstat: mode %o nlink %ld size %ld blocks %ld\n", st.st_mode, (long)st.st_nlink, (long)st.st_size,
           (long)st.st_blocks);
}

int main(void)
{
    int fd = memfd("test", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    printf("memfd_create: %s\n", fd >= 0 ? "OK" : errno_name(errno));
    printf("FD_CLOEXEC: %s\n", fcntl(fd, F_GETFD) & FD_CLOEXEC ? "set" : "clear");
    printf("access mode O_RDWR: %s\n", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR ? "yes" : "no");
    show(fd);
    char link[64], target[512];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    printf("readlink: '%.*s'\n", (int)(n < 0 ? 0 : n), target);
    struct statfs sf;
    fstatfs(fd, &sf);
    printf("fstatfs type %lx\n", (long)sf.f_type);

    printf("write %ld\n", (long)write(fd, "hello memfd", 11));
    printf("lseek %ld\n", (long)lseek(fd, 0, SEEK_SET));
    char buf[32] = {0};
    printf("read %ld '%s'\n", (long)read(fd, buf, sizeof buf - 1), buf);
    printf("read at end %ld\n", (long)read(fd, buf, sizeof buf));
    report("ftruncate 8192", ftruncate(fd, 8192));
    show(fd);
    buf[0] = 1;
    pread(fd, buf, 1, 5000);
    printf("grown part reads %d\n", buf[0]);
    report("fchmod 0600", fchmod(fd, 0600));
    show(fd);

    printf("F_GET_SEALS %d\n", fcntl(fd, F_GET_SEALS));
    report("F_ADD_SEALS SHRINK", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
    report("shrink", ftruncate(fd, 100));
    report("grow", ftruncate(fd, 9000));
    report("F_ADD_SEALS GROW", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
    report("grow sealed", ftruncate(fd, 10000));
    lseek(fd, 0, SEEK_END);
    report("write past the end, sealed", write(fd, "x", 1));
    report("pwrite inside", pwrite(fd, "H", 1, 0));
    report("F_ADD_SEALS WRITE", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
    report("write sealed", pwrite(fd, "x", 1, 0));
    report("pread sealed", pread(fd, buf, 5, 0));
    printf("data '%.5s'\n", buf);
    report("F_ADD_SEALS unknown bit", fcntl(fd, F_ADD_SEALS, 0x1000));
    report("F_ADD_SEALS SEAL", fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
    report("F_ADD_SEALS after SEAL", fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
    printf("F_GET_SEALS %#x\n", fcntl(fd, F_GET_SEALS));
    int ro = open(link, O_RDONLY);
    printf("reopen through /proc/self/fd: %s\n", ro >= 0 ? "OK" : errno_name(errno));
    close(ro);
    close(fd);

    int plain = memfd("plain", 0);
    printf("F_GET_SEALS without MFD_ALLOW_SEALING %d\n", fcntl(plain, F_GET_SEALS));
    report("F_ADD_SEALS without MFD_ALLOW_SEALING", fcntl(plain, F_ADD_SEALS, F_SEAL_WRITE));
    printf("FD_CLOEXEC: %s\n", fcntl(plain, F_GETFD) & FD_CLOEXEC ? "set" : "clear");
    close(plain);

    int fw = memfd("future", MFD_ALLOW_SEALING);
    write(fw, "abc", 3);
    report("F_ADD_SEALS FUTURE_WRITE", fcntl(fw, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
    report("write after FUTURE_WRITE", write(fw, "d", 1));
    report("ftruncate after FUTURE_WRITE", ftruncate(fw, 1));
    close(fw);

    int ne = memfd("noexec", MFD_NOEXEC_SEAL);
    if (ne >= 0) {
        show(ne);
        printf("F_GET_SEALS %#x\n", fcntl(ne, F_GET_SEALS));
        report("fchmod +x under F_SEAL_EXEC", fchmod(ne, 0755));
        report("fchmod 0644 under F_SEAL_EXEC", fchmod(ne, 0644));
        close(ne);
    }

    char longname[300];
    memset(longname, 'n', sizeof longname);
    longname[249] = 0;
    int ok = memfd(longname, 0);
    report("name of 249 bytes", ok);
    close(ok);
    longname[249] = 'n';
    longname[250] = 0;
    report("name of 250 bytes", memfd(longname, 0));
    report("unknown flag", memfd("x", 0x100));
    report("MFD_EXEC with MFD_NOEXEC_SEAL", memfd("x", 0x10 | MFD_NOEXEC_SEAL));
    report("name with a slash", (fd = memfd("a/b", 0)));
    n = readlink((snprintf(link, sizeof link, "/proc/self/fd/%d", fd), link), target, sizeof target - 1);
    printf("readlink: '%.*s'\n", (int)(n < 0 ? 0 : n), target);
    report("F_GET_SEALS on a pipe", (pipe((int[2]){0}), fcntl(0, F_GET_SEALS)));
    printf("memfd: done\n");
    return 0;
}
