/*
 * Calls system call number 1000, which neither x86-64 nor aarch64 Linux defines: it must
 * fail with ENOSYS and the program must carry on. Under zlx, --report must name it.
 * Exits 1 if the call did not fail with ENOSYS.
 */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "zlxtest.h"

int main(void)
{
    long rc = syscall(1000, 1, 2, 3, 4, 5, 6);
    int ok = rc == -1 && errno == ENOSYS;
    printf("syscall 1000: rc=%ld errno=%s\n", rc, rc < 0 ? errno_name(errno) : "none");
    printf("carried on after unknown syscall: pid %s\n", getpid() > 0 ? "positive" : "BAD");
    puts(ok ? "unknown_syscall: ok" : "unknown_syscall: FAILED");
    return ok ? 0 : 1;
}
