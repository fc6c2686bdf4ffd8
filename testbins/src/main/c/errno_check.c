/*
 * System calls that must fail, with the errno each must give: bad pointers (EFAULT),
 * bad descriptors (EBADF), missing paths (ENOENT) and a few more. Raw syscall(2) is used
 * where a C library wrapper could check arguments itself. Prints "call: ERRNO (expected
 * ERRNO)" per line; exits with the number of mismatches.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "zlxtest.h"

static int mismatches;

static void expect(const char *what, long rc, int want)
{
    int got = rc < 0 ? errno : 0;
    printf("%s: %s (expected %s)%s\n", what, errno_name(got), errno_name(want),
           got == want ? "" : " MISMATCH");
    if (got != want) mismatches++;
}

int main(void)
{
    void *bad = (void *)16; /* in the never-mapped first page */
    int p[2];
    if (pipe(p) != 0) { perror("pipe"); return 100; }
    char buf[16];

    expect("write bad fd", syscall(SYS_write, 1234, "x", 1), EBADF);
    expect("read bad fd", syscall(SYS_read, -1, buf, 1), EBADF);
    expect("close bad fd", syscall(SYS_close, 1234), EBADF);
    expect("fstat bad fd", syscall(SYS_fstat, 1234, buf), EBADF);
    expect("dup bad fd", syscall(SYS_dup, 1234), EBADF);
    expect("write bad pointer", syscall(SYS_write, p[1], bad, 8), EFAULT);
    expect("read into bad pointer", (write(p[1], "abc", 3), syscall(SYS_read, p[0], bad, 3)), EFAULT);
    expect("openat bad path pointer", syscall(SYS_openat, AT_FDCWD, bad, O_RDONLY), EFAULT);
    expect("fstat bad buffer", syscall(SYS_fstat, p[0], bad), EFAULT);
    expect("pipe2 bad pointer", syscall(SYS_pipe2, bad, 0), EFAULT);
    expect("uname bad pointer", syscall(SYS_uname, bad), EFAULT);
    expect("clock_gettime bad pointer", syscall(SYS_clock_gettime, 0, bad), EFAULT);
    expect("openat missing file", syscall(SYS_openat, AT_FDCWD, "/nonexistent-zlx/file", O_RDONLY), ENOENT);
    expect("mkdirat missing parent", syscall(SYS_mkdirat, AT_FDCWD, "/nonexistent-zlx/a/b", 0755), ENOENT);
    expect("unlinkat missing file", syscall(SYS_unlinkat, AT_FDCWD, "/nonexistent-zlx", 0), ENOENT);
    expect("chdir missing dir", syscall(SYS_chdir, "/nonexistent-zlx"), ENOENT);
    expect("openat empty path", syscall(SYS_openat, AT_FDCWD, "", O_RDONLY), ENOENT);
    expect("lseek on pipe", syscall(SYS_lseek, p[0], 0, SEEK_SET), ESPIPE);
    expect("openat file as directory", syscall(SYS_openat, AT_FDCWD, "/etc/passwd/x", O_RDONLY), ENOTDIR);
    expect("lseek bad whence", syscall(SYS_lseek, 0, 0, 12345), EINVAL);
    expect("mkdirat existing", syscall(SYS_mkdirat, AT_FDCWD, "/", 0755), EEXIST);
    expect("kill bad signal", syscall(SYS_kill, getpid(), 12345), EINVAL);
    expect("valid getpid", syscall(SYS_getpid) > 0 ? 0 : -1, 0);
    printf("mismatches: %d\n", mismatches);
    return mismatches;
}
