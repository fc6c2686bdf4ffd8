/*
 * x86 port I/O from user mode without I/O privilege (in, out; IOPL 0, no ioperm): the CPU
 * raises #GP, which Linux delivers as SIGSEGV with si_code SI_KERNEL (the probe lscpu makes for
 * a VMware hypervisor must fault). The RIP of the frame is not compared: zlx reports the start
 * of the instruction's block, not the instruction (Unicorn's port hooks give no address). On
 * other architectures there is no port I/O: the program prints the same.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf back;
static volatile int code;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    (void) sig;
    code = si->si_code;
    (void) ctx;
    siglongjmp(back, 1);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
#ifdef __x86_64__
    if (sigsetjmp(back, 1) == 0) {
        /* The VMware backdoor probe lscpu makes. */
        __asm__ volatile("mov $0x564d5868, %%eax\n\tmov $0x5658, %%edx\n\tinl (%%dx), %%eax"
                         ::: "eax", "edx", "memory");
        printf("in: no fault\n");
    } else {
        printf("in: SIGSEGV, SI_KERNEL %d\n", code == SI_KERNEL);
    }
    if (sigsetjmp(back, 1) == 0) {
        __asm__ volatile("mov $0x80, %%edx\n\txor %%eax, %%eax\n\toutb %%al, (%%dx)" ::: "eax", "edx", "memory");
        printf("out: no fault\n");
    } else {
        printf("out: SIGSEGV, SI_KERNEL %d\n", code == SI_KERNEL);
    }
#else
    printf("in: SIGSEGV, SI_KERNEL 1\n");
    printf("out: SIGSEGV, SI_KERNEL 1\n");
#endif
    return 0;
}
