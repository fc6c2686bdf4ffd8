/*
 * Benchmark: cpu_loop's work (N rounds of integer hashing, then a 96x96 integer matrix
 * multiply) as a freestanding program: no libc, only a write and an exit_group system call.
 * bench's BareUnicornCpuLoop runs this same machine code on a bare Unicorn engine (it maps the
 * ELF's segments and stops at exit_group), so the time zlx adds to the engine is the
 * difference between the two. Built with -nostdlib (see the Makefile's FREESTANDING list).
 * Usage: cpu_kernel [N]   (default 20000000); prints "cpu_kernel n=N hash=H matrix=M".
 */
#include "cpu_work.h"

#if defined(__x86_64__)
static long sys3(long nr, long x, long y, long z)
{
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(x), "S"(y), "d"(z) : "rcx", "r11", "memory");
    return ret;
}
#define SYS_WRITE 1
#define SYS_EXIT_GROUP 231
/* The entry point: hand the initial stack (argc, argv...) to start(), with an aligned stack. */
__asm__(".globl _start\n_start:\n mov %rsp, %rdi\n and $-16, %rsp\n call start\n hlt\n");
#elif defined(__aarch64__)
static long sys3(long nr, long x, long y, long z)
{
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = x;
    register long x1 __asm__("x1") = y;
    register long x2 __asm__("x2") = z;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
}
#define SYS_WRITE 64
#define SYS_EXIT_GROUP 94
__asm__(".globl _start\n_start:\n mov x0, sp\n bl start\n brk #0\n");
#else
#error "cpu_kernel: unsupported architecture"
#endif

static char *put_text(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

static char *put_decimal(char *p, long v)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (n > 0)
        *p++ = digits[--n];
    return p;
}

static char *put_hex64(char *p, uint64_t v)
{
    for (int shift = 60; shift >= 0; shift -= 4)
        *p++ = "0123456789abcdef"[(v >> shift) & 0xf];
    return p;
}

static long parse_decimal(const char *s)
{
    long v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return v;
}

__attribute__((used, noreturn)) void start(long *initial_stack)
{
    long argc = initial_stack[0];
    char **argv = (char **)(initial_stack + 1);
    long n = argc > 1 ? parse_decimal(argv[1]) : 20000000;

    uint64_t h = cpu_work_hash(n);
    uint64_t sum = cpu_work_matrix(h);

    char line[96];
    char *p = put_text(line, "cpu_kernel n=");
    p = put_decimal(p, n);
    p = put_text(p, " hash=");
    p = put_hex64(p, h);
    p = put_text(p, " matrix=");
    p = put_hex64(p, sum);
    *p++ = '\n';
    sys3(SYS_WRITE, 1, (long)line, p - line);
    sys3(SYS_EXIT_GROUP, 0, 0, 0);
    __builtin_unreachable();
}
