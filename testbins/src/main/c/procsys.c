/*
 * The system-wide /proc agrees with the syscalls: the CPU count of sched_getaffinity with
 * /proc/cpuinfo and /proc/stat, MemTotal with sysinfo's totalram, uname with
 * /proc/sys/kernel/..., uptime with CLOCK_BOOTTIME and btime with the clock, loadavg's total
 * with sysinfo's procs, /proc/stat's counters with a fork and a sleep; every sysctl of issue 5
 * with a syscall that applies it; boot_id is fixed and uuid new on each read; writes are parsed
 * as proc_dointvec does (a value written back reads back; garbage and values out of range are
 * EINVAL), refused by mode (EACCES) for read-only sysctls and for a non-root writer, and no file
 * can be made in /proc/sys. Prints one "ok" line per check (or what differs) so that its output
 * is the same wherever the invariants hold. Modes (first argument):
 *   write-hostname  as root, a child in a new UTS namespace sets the host and domain name
 *                   through /proc/sys; uname reports them and the parent's names stay;
 *   cpu-features    cpuinfo's flags (x86) or Features (arm64) agree with AT_HWCAP and CPUID;
 *   limits          lowers pid_max, threads-max, nr_open, pipe-max-size, file-max and max_map_count and
 *                   switches overcommit_memory, and checks that the syscalls follow. For zlx
 *                   only: on Linux it would change the host's limits for everyone;
 *   absent          /proc/partitions and /proc/kmsg do not exist (zlx has no block devices and
 *                   no kernel log) and /sys/fs/cgroup is empty (no cgroup file system yet).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "zlxtest.h"

static int failures;

static void check(int ok, const char *name, const char *fmt, ...)
{
    if (ok) {
        printf("ok %s\n", name);
        return;
    }
    failures++;
    printf("FAIL %s: ", name);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

/* The whole file, NUL-terminated, read in small pieces as a seq_file reader may. */
static char *slurp(const char *path)
{
    static char bufs[4][1 << 16];
    static int n;
    char *b = bufs[n++ % 4];
    int fd = open(path, O_RDONLY);
    size_t len = 0;
    b[0] = 0;
    if (fd < 0) {
        return b;
    }
    ssize_t r;
    while (len < sizeof bufs[0] - 1 && (r = read(fd, b + len, 7)) > 0) {
        len += (size_t) r;
    }
    close(fd);
    b[len] = 0;
    return b;
}

/*
 * The file's text from one read(2), as a sysctl is read: a numeric one (proc_dointvec) gives
 * nothing at a position other than 0, so reading it in pieces would cut it short.
 */
static char *whole(const char *path)
{
    static char bufs[4][4096];
    static int n;
    char *b = bufs[n++ % 4];
    int fd = open(path, O_RDONLY);
    ssize_t r = fd < 0 ? 0 : read(fd, b, sizeof bufs[0] - 1);
    if (fd >= 0) {
        close(fd);
    }
    b[r > 0 ? r : 0] = 0;
    return b;
}

/* The file's first line without its newline (one read). */
static char *line(const char *path)
{
    char *s = whole(path);
    s[strcspn(s, "\n")] = 0;
    return s;
}

static int count_prefix(const char *text, const char *prefix)
{
    int n = 0;
    size_t len = strlen(prefix);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, prefix, len) == 0) {
            n++;
        }
    }
    return n;
}

/* The number after "name" at the start of a line, or -1. */
static long long field(const char *text, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, name, len) == 0) {
            return strtoll(p + len, NULL, 10);
        }
    }
    return -1;
}

static int stat_cpu_lines(const char *stat)
{
    int n = 0;
    for (const char *p = stat; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, "cpu", 3) == 0 && p[3] >= '0' && p[3] <= '9') {
            n++;
        }
    }
    return n;
}

/* The numbers of the line starting with name (at most max); how many. */
static int numbers(const char *text, const char *name, long long *out, int max)
{
    size_t len = strlen(name);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, name, len) != 0) {
            continue;
        }
        int n = 0;
        char *q = (char *) p + len;
        while (n < max && *q != '\n' && *q) {
            char *end;
            long long v = strtoll(q, &end, 10);
            if (end == q) {
                return -1;
            }
            out[n++] = v;
            q = end;
            if (*q == ' ') {
                q++;
            }
        }
        return n;
    }
    return 0;
}

static int loadavg_total(void)
{
    double a, b, c;
    int running, total = -1;
    sscanf(slurp("/proc/loadavg"), "%lf %lf %lf %d/%d", &a, &b, &c, &running, &total);
    return total;
}

static long sysctl_long(const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "/proc/sys/%s", name);
    return atol(line(path));
}

static void cpus(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    int r = sched_getaffinity(0, sizeof set, &set);
    int affinity = r == 0 ? CPU_COUNT(&set) : -1;
    char *info = slurp("/proc/cpuinfo");
    int processors = count_prefix(info, "processor\t");
    check(affinity > 0 && affinity == processors, "cpuinfo processors == sched_getaffinity",
            "affinity %d, processors %d", affinity, processors);
    /* x86 prints "flags", arm64 "Features": one per processor. */
    int features = count_prefix(info, "flags\t") + count_prefix(info, "Features\t");
    check(features == processors, "cpuinfo feature line per processor", "%d for %d", features, processors);
    int statcpus = stat_cpu_lines(slurp("/proc/stat"));
    check(statcpus == processors, "stat cpuN lines == processors", "%d, %d", statcpus, processors);
}

static void memory(void)
{
    struct sysinfo si;
    sysinfo(&si);
    char *mi = slurp("/proc/meminfo");
    long long total = field(mi, "MemTotal:");
    long long free = field(mi, "MemFree:");
    long long avail = field(mi, "MemAvailable:");
    long long bytes = (long long) si.totalram * si.mem_unit;
    check(total > 0 && llabs(total * 1024 - bytes) < 1024, "MemTotal == sysinfo totalram",
            "%lld kB, %lld bytes", total, bytes);
    check(free >= 0 && free <= total && avail >= 0 && avail <= total, "MemFree, MemAvailable <= MemTotal",
            "%lld %lld %lld", free, avail, total);
    check(strstr(mi, "MemTotal:       ") == mi, "meminfo format", "%.40s", mi);
}

static void names(void)
{
    struct utsname u;
    uname(&u);
    check(strcmp(u.sysname, line("/proc/sys/kernel/ostype")) == 0, "uname sysname == ostype", "%s", u.sysname);
    check(strcmp(u.release, line("/proc/sys/kernel/osrelease")) == 0, "uname release == osrelease", "%s",
            u.release);
    check(strcmp(u.version, line("/proc/sys/kernel/version")) == 0, "uname version == kernel/version", "%s",
            u.version);
    check(strcmp(u.nodename, line("/proc/sys/kernel/hostname")) == 0, "uname nodename == hostname", "%s",
            u.nodename);
    check(strcmp(u.domainname, line("/proc/sys/kernel/domainname")) == 0, "uname domainname == domainname",
            "%s", u.domainname);
    char *version = line("/proc/version");
    check(strncmp(version, "Linux version ", 14) == 0 && strstr(version, u.release) && strstr(version, u.version),
            "/proc/version names release and version", "%s", version);
}

static double fabs_(double x)
{
    return x < 0 ? -x : x;
}

static void times(void)
{
    struct sysinfo si;
    sysinfo(&si);
    double up = -1, idle = -1;
    sscanf(slurp("/proc/uptime"), "%lf %lf", &up, &idle);
    struct timespec boot;
    clock_gettime(CLOCK_BOOTTIME, &boot);
    check(up >= 0 && labs((long) up - (long) si.uptime) <= 1 && idle >= 0, "uptime == sysinfo uptime", "%f %ld", up,
            si.uptime);
    check(fabs_(up - (boot.tv_sec + boot.tv_nsec / 1e9)) <= 1.0, "uptime == CLOCK_BOOTTIME", "%f %lld", up,
            (long long) boot.tv_sec);
    char *st = slurp("/proc/stat");
    long long btime = field(st, "btime ");
    long long now = time(NULL);
    check(llabs(btime + (long long) up - now) <= 2, "btime + uptime == now", "%lld %f %lld", btime, up, now);
    check(field(st, "processes ") >= 1 && field(st, "procs_running ") >= 1 && field(st, "procs_blocked ") >= 0,
            "stat processes, procs_running, procs_blocked", "%s", st);
    double a, b, c;
    int running = -1, total = -1, last = -1;
    int n = sscanf(slurp("/proc/loadavg"), "%lf %lf %lf %d/%d %d", &a, &b, &c, &running, &total, &last);
    check(n == 6 && running >= 1 && total >= running && last >= getpid(), "loadavg", "%d fields, %d/%d %d", n,
            running, total, last);
    /* Both count nr_threads; on a busy host it may change between the reads, so look for a quiet moment. */
    int same = 0;
    for (int i = 0; i < 200 && !same; i++) {
        int t1 = loadavg_total();
        struct sysinfo s2;
        sysinfo(&s2);
        same = t1 > 0 && t1 == s2.procs && t1 == loadavg_total();
    }
    check(same, "loadavg total == sysinfo procs", "");
}

/* /proc/stat's ctxt grows when this task sleeps; processes when it forks. */
static void stat_counters(void)
{
    char *st = slurp("/proc/stat");
    long long ctxt = field(st, "ctxt ");
    long long forks = field(st, "processes ");
    long long nums[4096];
    int n = numbers(st, "intr ", nums, 4096);
    long long sum = 0;
    for (int i = 1; i < n; i++) {
        sum += nums[i];
    }
    /* The total also counts what no IRQ line has (x86's NMIs, local timer and IPIs). */
    check(n >= 1 && nums[0] >= sum, "stat intr: total, then per-IRQ counts", "%d numbers", n);
    n = numbers(st, "softirq ", nums, 4096);
    sum = 0;
    for (int i = 1; i < n; i++) {
        sum += nums[i];
    }
    check(n == 11 && nums[0] == sum, "stat softirq: total of its 10 counts", "%d numbers", n);
    pid_t child = fork();
    if (child == 0) {
        _exit(0);
    }
    waitpid(child, NULL, 0);
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, NULL);
    st = slurp("/proc/stat");
    check(ctxt >= 0 && field(st, "ctxt ") > ctxt, "stat ctxt grows after a sleep", "%lld %lld", ctxt,
            field(st, "ctxt "));
    check(forks >= 1 && field(st, "processes ") >= forks + 1, "stat processes grows by a fork", "%lld %lld", forks,
            field(st, "processes "));
}

/* F_SETPIPE_SZ past pipe-max-size: EPERM without privilege (CAP_SYS_RESOURCE). */
static void pipe_max_size(void)
{
    long max = sysctl_long("fs/pipe-max-size");
    int p[2];
    if (pipe(p) != 0) {
        check(0, "pipe", "%s", errno_name(errno));
        return;
    }
    check(max >= 4096 && (max & (max - 1)) == 0, "pipe-max-size is a power-of-two page count", "%ld", max);
    close(p[0]);
    close(p[1]);
    if (geteuid() != 0) {
        return;
    }
    pid_t child = fork();
    if (child == 0) {
        if (setuid(65534) != 0 || pipe(p) != 0) {
            _exit(2);
        }
        if (fcntl(p[0], F_SETPIPE_SZ, (int) max) != max) {
            _exit(3);
        }
        errno = 0;
        _exit(fcntl(p[0], F_SETPIPE_SZ, (int) max + 1) == -1 && errno == EPERM ? 0 : 4);
    }
    int status;
    waitpid(child, &status, 0);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "unprivileged F_SETPIPE_SZ above pipe-max-size: EPERM",
            "status %x", status);
}

/* A child that is not root may not open path for writing (mode 0644 sysctls): EACCES. */
static void nonroot_write_refused(const char *path, const char *name)
{
    pid_t child = fork();
    if (child == 0) {
        if (setuid(65534) != 0) {
            _exit(2);
        }
        int w = open(path, O_WRONLY);
        _exit(w < 0 && errno == EACCES ? 0 : 1);
    }
    int status;
    waitpid(child, &status, 0);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0, name, "status %x", status);
}

/* Writes to path; the errno, or 0 when the whole text was taken. */
static int write_errno(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY);
    if (fd < 0) {
        return errno;
    }
    ssize_t w = write(fd, text, strlen(text));
    int e = w < 0 ? errno : w == (ssize_t) strlen(text) ? 0 : -1;
    close(fd);
    return e;
}

/*
 * The writable numeric sysctls, as root: each value written back (in another notation) reads
 * back the same, so the host's settings stay; garbage and values out of range are EINVAL.
 */
static void sysctl_writes(void)
{
    static const struct {
        const char *name;
        const char *bad; /* out of range for it */
    } tab[] = {
        {"kernel/pid_max", "300"},
        {"kernel/threads-max", "0"},
        {"vm/overcommit_memory", "3"},
        {"vm/max_map_count", "-1"},
        {"fs/nr_open", "63"},
        {"fs/file-max", "-1"},
        {"fs/pipe-max-size", "-1"},
        {"net/core/somaxconn", "-1"},
    };
    if (geteuid() != 0) {
        return;
    }
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
        char path[128], before[64], text[80], name[160];
        snprintf(path, sizeof path, "/proc/sys/%s", tab[i].name);
        snprintf(before, sizeof before, "%s", line(path));
        if (i % 2) {
            snprintf(text, sizeof text, " \t%s\n", before);
        } else {
            snprintf(text, sizeof text, "0x%lx", atol(before));
        }
        int e = write_errno(path, text);
        snprintf(name, sizeof name, "%s: written back, reads the same", tab[i].name);
        check(e == 0 && strcmp(line(path), before) == 0, name, "%s %s", errno_name(e), line(path));
        snprintf(name, sizeof name, "%s: %s is EINVAL", tab[i].name, tab[i].bad);
        e = write_errno(path, tab[i].bad);
        check(e == EINVAL, name, "%s", errno_name(e));
        snprintf(name, sizeof name, "%s: garbage is EINVAL", tab[i].name);
        e = write_errno(path, "12ab\n");
        int e2 = write_errno(path, " \n");
        check(e == EINVAL && e2 == EINVAL && strcmp(line(path), before) == 0, name, "%s %s", errno_name(e),
                errno_name(e2));
    }
    nonroot_write_refused("/proc/sys/kernel/pid_max", "non-root write pid_max: EACCES");
}

/* The text of path read n bytes per read(2) until the end. */
static char *read_by(const char *path, size_t n)
{
    static char b[4096];
    size_t len = 0;
    int fd = open(path, O_RDONLY);
    ssize_t r;
    while (fd >= 0 && len + n < sizeof b && (r = read(fd, b + len, n)) > 0) {
        len += (size_t) r;
    }
    if (fd >= 0) {
        close(fd);
    }
    b[len] = 0;
    return b;
}

/*
 * Sysctls are no seq_files (proc_sys_call_handler): a number is read from position 0 only, a
 * string from any position; a number ignores a write at a position other than 0 (yet reports
 * it written).
 */
static void sysctl_positions(void)
{
    char first[2] = {line("/proc/sys/kernel/pid_max")[0], 0};
    check(strcmp(read_by("/proc/sys/kernel/pid_max", 1), first) == 0, "a number read a byte at a time: one byte",
            "%s", read_by("/proc/sys/kernel/pid_max", 1));
    check(strcmp(read_by("/proc/sys/kernel/ostype", 1), "Linux\n") == 0, "a string read a byte at a time: whole",
            "%s", read_by("/proc/sys/kernel/ostype", 1));
    if (geteuid() != 0) {
        return;
    }
    char value[64];
    snprintf(value, sizeof value, "%s\n", line("/proc/sys/vm/max_map_count"));
    int fd = open("/proc/sys/vm/max_map_count", O_WRONLY);
    ssize_t w1 = write(fd, value, strlen(value));
    ssize_t w2 = write(fd, "1\n", 2);
    close(fd);
    check(w1 == (ssize_t) strlen(value) && w2 == 2 && strcmp(line("/proc/sys/vm/max_map_count"), strtok(value, "\n")) == 0,
            "a number ignores a second write", "%zd %zd", w1, w2);
    /* One value is taken, with the white space after it; the rest is a short write. */
    char two[80];
    snprintf(two, sizeof two, "%s \t7", value);
    fd = open("/proc/sys/vm/max_map_count", O_WRONLY);
    w1 = write(fd, two, strlen(two));
    close(fd);
    check(w1 == (ssize_t) strlen(value) + 2 && strcmp(line("/proc/sys/vm/max_map_count"), value) == 0,
            "a number takes one value of a write", "%zd", w1);
}

/* Nothing can be made in /proc/sys or /proc, and unknown names are not there. */
static void unknown_paths(void)
{
    static const char *paths[] = {"/proc/sys/kernel/zlx-none", "/proc/sys/zlx-none", "/proc/zlx-none"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        char name[160];
        errno = 0;
        int a = open(paths[i], O_RDONLY);
        int ea = errno;
        errno = 0;
        int b = open(paths[i], O_WRONLY | O_CREAT, 0644);
        int eb = errno;
        errno = 0;
        int c = mkdir(paths[i], 0755);
        int ec = errno;
        snprintf(name, sizeof name, "%s: open, creat and mkdir ENOENT", paths[i]);
        check(a < 0 && b < 0 && c < 0 && ea == ENOENT && eb == ENOENT && ec == ENOENT, name, "%s %s %s",
                errno_name(ea), errno_name(eb), errno_name(ec));
    }
    errno = 0;
    int fd = open("/proc/sys/kernel/ostype", O_WRONLY | O_CREAT, 0644);
    check(fd < 0 && errno == EACCES, "creat an existing read-only sysctl: EACCES", "%s", errno_name(errno));
}

static void sysctls(void)
{
    char boot1[64], boot2[64], uuid1[64], uuid2[64];
    snprintf(boot1, sizeof boot1, "%s", line("/proc/sys/kernel/random/boot_id"));
    snprintf(boot2, sizeof boot2, "%s", line("/proc/sys/kernel/random/boot_id"));
    snprintf(uuid1, sizeof uuid1, "%s", line("/proc/sys/kernel/random/uuid"));
    snprintf(uuid2, sizeof uuid2, "%s", line("/proc/sys/kernel/random/uuid"));
    check(strlen(boot1) == 36 && strcmp(boot1, boot2) == 0, "boot_id fixed", "%s %s", boot1, boot2);
    check(strlen(uuid1) == 36 && strcmp(uuid1, uuid2) != 0, "uuid new on each read", "%s %s", uuid1, uuid2);
    long pid_max = sysctl_long("kernel/pid_max");
    check(pid_max >= 301 && pid_max <= 4194304 && pid_max > getpid(), "pid_max in [301, PID_MAX_LIMIT], above getpid",
            "%ld", pid_max);
    check(sysctl_long("kernel/threads-max") > loadavg_total(), "threads-max above the thread count", "%ld",
            sysctl_long("kernel/threads-max"));
    long ngroups = atol(line("/proc/sys/kernel/ngroups_max"));
    gid_t g = 0;
    errno = 0;
    int r = setgroups((size_t) ngroups + 1, &g);
    check(ngroups > 0 && r == -1 && errno == EINVAL, "setgroups past ngroups_max: EINVAL", "%ld %d %s", ngroups, r,
            errno_name(errno));
    check(atol(line("/proc/sys/kernel/overflowuid")) == 65534 && atol(line("/proc/sys/kernel/overflowgid")) == 65534,
            "overflowuid, overflowgid", "");
    check(atol(line("/proc/sys/kernel/cap_last_cap")) >= 40, "cap_last_cap", "%s", line("/proc/sys/kernel/cap_last_cap"));
    long overcommit = sysctl_long("vm/overcommit_memory");
    check(overcommit >= 0 && overcommit <= 2, "overcommit_memory is 0, 1 or 2", "%ld", overcommit);
    int maps = count_prefix(slurp("/proc/self/maps"), "");
    check(sysctl_long("vm/max_map_count") > maps, "max_map_count above this process's map count", "%d", maps);
    /* files_maxfiles_init: at least NR_FILE. */
    check(sysctl_long("fs/file-max") >= 8192, "file-max >= NR_FILE", "%ld", sysctl_long("fs/file-max"));
    long long nr[3] = {-1, -1, -1};
    sscanf(whole("/proc/sys/fs/file-nr"), "%lld\t%lld\t%lld", &nr[0], &nr[1], &nr[2]);
    check(nr[0] >= 1 && nr[1] == 0 && nr[2] == sysctl_long("fs/file-max"), "file-nr: open files, 0, file-max",
            "%lld %lld %lld", nr[0], nr[1], nr[2]);
    long nr_open = sysctl_long("fs/nr_open");
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    struct rlimit above = {rl.rlim_cur, (rlim_t) nr_open + 1};
    errno = 0;
    r = setrlimit(RLIMIT_NOFILE, &above);
    check(nr_open >= 64 && r == -1 && errno == EPERM, "RLIMIT_NOFILE above nr_open: EPERM", "%ld %s", nr_open,
            errno_name(errno));
    check(rl.rlim_max <= (rlim_t) nr_open, "RLIMIT_NOFILE's hard limit <= nr_open", "%llu",
            (unsigned long long) rl.rlim_max);
    check(sysctl_long("net/core/somaxconn") > 0, "somaxconn > 0", "");
    pipe_max_size();
    int fd = open("/proc/sys/kernel/ostype", O_WRONLY);
    check(fd < 0 && errno == EACCES, "write ostype: EACCES", "%d %s", fd, errno_name(errno));
    char link[64] = "";
    ssize_t n = readlink("/proc/mounts", link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    check(strcmp(link, "self/mounts") == 0, "/proc/mounts -> self/mounts", "%s", link);
    check(strstr(slurp("/proc/filesystems"), "nodev\tproc\n") != NULL
            && strstr(slurp("/proc/filesystems"), "nodev\tsysfs\n") != NULL, "filesystems has nodev proc and sysfs", "");
    char *cmdline = slurp("/proc/cmdline");
    size_t cl = strlen(cmdline);
    check(cl >= 1 && cmdline[cl - 1] == '\n' && strchr(cmdline, '\n') == cmdline + cl - 1,
            "cmdline is one line", "%s", cmdline);
    if (geteuid() == 0) {
        nonroot_write_refused("/proc/sys/kernel/hostname", "non-root write hostname: EACCES");
    }
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY);
    if (fd < 0) {
        return -1;
    }
    ssize_t w = write(fd, text, strlen(text));
    close(fd);
    return w == (ssize_t) strlen(text) ? 0 : -1;
}

static void write_hostname_in_namespace(void)
{
    struct utsname u;
    char name[80];
    check(unshare(CLONE_NEWUTS) == 0, "unshare CLONE_NEWUTS", "%s", errno_name(errno));
    check(write_file("/proc/sys/kernel/hostname", "procsys-host\n") == 0, "write hostname", "%s",
            errno_name(errno));
    uname(&u);
    gethostname(name, sizeof name);
    check(strcmp(u.nodename, "procsys-host") == 0 && strcmp(name, "procsys-host") == 0,
            "uname and gethostname see it", "%s %s", u.nodename, name);
    check(strcmp(line("/proc/sys/kernel/hostname"), "procsys-host") == 0, "hostname reads back", "");
    char longname[101];
    memset(longname, 'x', 100);
    longname[100] = 0;
    check(write_file("/proc/sys/kernel/hostname", longname) == 0, "write 100-byte hostname", "%s",
            errno_name(errno));
    uname(&u);
    check(strlen(u.nodename) == 64, "kept as 64 bytes", "%zu", strlen(u.nodename));
    check(write_file("/proc/sys/kernel/domainname", "procsys.domain") == 0, "write domainname", "%s",
            errno_name(errno));
    uname(&u);
    check(strcmp(u.domainname, "procsys.domain") == 0, "uname sees domainname", "%s", u.domainname);
}

static void write_hostname(void)
{
    struct utsname before, after;
    uname(&before);
    pid_t child = fork();
    if (child == 0) {
        write_hostname_in_namespace();
        _exit(failures ? 1 : 0);
    }
    int status;
    waitpid(child, &status, 0);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child passed", "status %x", status);
    uname(&after);
    check(strcmp(before.nodename, after.nodename) == 0 && strcmp(before.domainname, after.domainname) == 0
            && strcmp(after.nodename, line("/proc/sys/kernel/hostname")) == 0,
            "parent's namespace unchanged", "%s %s", after.nodename, after.domainname);
}

/* Whether the first "flags" (x86) or "Features" (arm64) line of cpuinfo lists name. */
static int has_feature(const char *info, const char *name)
{
    const char *l = strstr(info, "\nflags\t");
    if (l == NULL) {
        l = strstr(info, "\nFeatures\t");
    }
    if (l == NULL) {
        return -1;
    }
    l = strchr(l, ':');
    const char *end = strchr(l, '\n');
    size_t len = strlen(name);
    for (const char *p = l + 1; p && p < end; p = strchr(p + 1, ' ')) {
        const char *w = p + 1;
        if (strncmp(w, name, len) == 0 && (w[len] == ' ' || w[len] == '\n')) {
            return 1;
        }
    }
    return 0;
}

/*
 * AT_HWCAP as the kernel gave it, from /proc/self/auxv: glibc's getauxval(AT_HWCAP) on x86-64
 * answers its own platform bits instead.
 */
static unsigned long kernel_hwcap(void)
{
    unsigned long aux[2 * 64];
    int fd = open("/proc/self/auxv", O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, aux, sizeof aux);
    if (fd >= 0) {
        close(fd);
    }
    for (ssize_t i = 0; i + 1 < n / (ssize_t) sizeof aux[0]; i += 2) {
        if (aux[i] == AT_HWCAP) {
            return aux[i + 1];
        }
    }
    return 0;
}

/*
 * cpuinfo names a feature exactly when the CPU has it: x86-64's AT_HWCAP is CPUID.1:EDX, and
 * the CPUID instruction gives the rest; arm64's Features are AT_HWCAP's bits by name.
 */
static void cpu_features(void)
{
    char *info = slurp("/proc/cpuinfo");
    unsigned long hwcap = kernel_hwcap();
    int ok = 1;
    char bad[256] = "";
#if defined(__x86_64__)
    static const struct {
        int bit;
        const char *name;
    } edx[] = {{0, "fpu"}, {4, "tsc"}, {8, "cx8"}, {15, "cmov"}, {23, "mmx"}, {24, "fxsr"}, {25, "sse"}, {26, "sse2"}},
      ecx[] = {{0, "pni"}, {9, "ssse3"}, {13, "cx16"}, {19, "sse4_1"}, {20, "sse4_2"}, {23, "popcnt"}};
    unsigned int a = 1, b = 0, c = 0, d = 0;
    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
    for (size_t i = 0; i < sizeof edx / sizeof edx[0]; i++) {
        int want = (hwcap >> edx[i].bit) & 1;
        if (has_feature(info, edx[i].name) != want || (int) ((d >> edx[i].bit) & 1) != want) {
            ok = 0;
            snprintf(bad + strlen(bad), sizeof bad - strlen(bad), " %s", edx[i].name);
        }
    }
    for (size_t i = 0; i < sizeof ecx / sizeof ecx[0]; i++) {
        if (has_feature(info, ecx[i].name) != (int) ((c >> ecx[i].bit) & 1)) {
            ok = 0;
            snprintf(bad + strlen(bad), sizeof bad - strlen(bad), " %s", ecx[i].name);
        }
    }
#elif defined(__aarch64__)
    /* arch/arm64/kernel/cpuinfo.c hwcap_str, AT_HWCAP bits 0 to 31 */
    static const char *names[] = {"fp", "asimd", "evtstrm", "aes", "pmull", "sha1", "sha2", "crc32", "atomics",
        "fphp", "asimdhp", "cpuid", "asimdrdm", "jscvt", "fcma", "lrcpc", "dcpop", "sha3", "sm3", "sm4", "asimddp",
        "sha512", "sve", "asimdfhm", "dit", "uscat", "ilrcpc", "flagm", "ssbs", "sb", "paca", "pacg"};
    for (int i = 0; i < 32; i++) {
        if (has_feature(info, names[i]) != (int) ((hwcap >> i) & 1)) {
            ok = 0;
            snprintf(bad + strlen(bad), sizeof bad - strlen(bad), " %s", names[i]);
        }
    }
#endif
    check(ok, "cpuinfo features agree with AT_HWCAP and the CPU", "%s (hwcap %lx)", bad, hwcap);
}

/* The limits lowered (zlx only: see the top) and the syscalls following them. */
static void limits(void)
{
    /* pid_max: pids stay below it, wrapping around to RESERVED_PIDS (300); all in use: EAGAIN. */
    check(write_errno("/proc/sys/kernel/pid_max", "301\n") == 0, "pid_max 301", "");
    pid_t highest = 0, last = 0;
    for (int i = 0; i < 320; i++) {
        pid_t c = vfork();
        if (c == 0) {
            _exit(0);
        }
        if (c < 0) {
            break;
        }
        waitpid(c, NULL, 0);
        highest = c > highest ? c : highest;
        last = c;
    }
    check(highest == 300 && last == 300, "pids wrap below pid_max", "highest %d, last %d", highest, last);
    pid_t zombie = fork();
    if (zombie == 0) {
        _exit(0);
    }
    usleep(100 * 1000); /* pid 300 stays taken until reaped */
    errno = 0;
    pid_t more = fork();
    if (more == 0) {
        _exit(0);
    }
    check(zombie == 300 && more == -1 && errno == EAGAIN, "every pid below pid_max taken: fork EAGAIN", "%d %d %s",
            zombie, more, errno_name(errno));
    waitpid(zombie, NULL, 0);
    write_errno("/proc/sys/kernel/pid_max", "4194304");

    /* threads-max counts every task, root's too. */
    char text[32];
    snprintf(text, sizeof text, "%d", loadavg_total() + 1);
    check(write_errno("/proc/sys/kernel/threads-max", text) == 0, "threads-max one above the thread count", "");
    int go[2];
    pipe(go);
    pid_t first = fork();
    if (first == 0) {
        char ch;
        read(go[0], &ch, 1);
        _exit(0);
    }
    errno = 0;
    pid_t second = fork();
    if (second == 0) {
        _exit(0);
    }
    check(first > 0 && second == -1 && errno == EAGAIN, "fork past threads-max: EAGAIN", "%d %d %s", first, second,
            errno_name(errno));
    write(go[1], "x", 1);
    waitpid(first, NULL, 0);
    write_errno("/proc/sys/kernel/threads-max", "100000");
    close(go[0]);
    close(go[1]);

    /* nr_open bounds RLIMIT_NOFILE, root's too. */
    check(write_errno("/proc/sys/fs/nr_open", "1024") == 0, "nr_open 1024", "");
    struct rlimit rl = {64, 1025};
    errno = 0;
    int r = setrlimit(RLIMIT_NOFILE, &rl);
    check(r == -1 && errno == EPERM, "RLIMIT_NOFILE 1025 above nr_open 1024: EPERM", "%s", errno_name(errno));
    rl.rlim_max = 1024;
    check(setrlimit(RLIMIT_NOFILE, &rl) == 0, "RLIMIT_NOFILE 1024", "%s", errno_name(errno));

    /* pipe-max-size, rounded as a pipe size, caps an unprivileged pipe's size. */
    check(write_errno("/proc/sys/fs/pipe-max-size", "5000") == 0 && sysctl_long("fs/pipe-max-size") == 8192,
            "pipe-max-size 5000 reads 8192", "%ld", sysctl_long("fs/pipe-max-size"));
    pid_t child = fork();
    if (child == 0) {
        int p[2];
        if (setuid(65534) != 0 || pipe(p) != 0) {
            _exit(2);
        }
        if (fcntl(p[0], F_GETPIPE_SZ) != 8192) {
            _exit(3);
        }
        errno = 0;
        if (fcntl(p[0], F_SETPIPE_SZ, 16384) != -1 || errno != EPERM) {
            _exit(4);
        }
        _exit(fcntl(p[0], F_SETPIPE_SZ, 4096) == 4096 ? 0 : 5);
    }
    int status;
    waitpid(child, &status, 0);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "unprivileged pipes follow pipe-max-size", "status %x",
            status);

    /* file-max bounds the open files of the system, except root's. */
    long open_now = -1;
    sscanf(whole("/proc/sys/fs/file-nr"), "%ld", &open_now);
    snprintf(text, sizeof text, "%ld", open_now + 2);
    check(write_errno("/proc/sys/fs/file-max", text) == 0, "file-max two above the open files", "");
    child = fork();
    if (child == 0) {
        if (setuid(65534) != 0) {
            _exit(10);
        }
        int opened = 0;
        while (opened < 10 && open("/dev/null", O_RDONLY) >= 0) {
            opened++;
        }
        _exit(errno == ENFILE ? opened : 11);
    }
    waitpid(child, &status, 0);
    check(WIFEXITED(status) && WEXITSTATUS(status) >= 1 && WEXITSTATUS(status) <= 3,
            "unprivileged open past file-max: ENFILE", "status %x", status);
    int fds[4];
    int root_ok = 1;
    for (int i = 0; i < 4; i++) {
        fds[i] = open("/dev/null", O_RDONLY);
        root_ok &= fds[i] >= 0;
    }
    check(root_ok, "root opens past file-max", "%s", errno_name(errno));
    for (int i = 0; i < 4; i++) {
        close(fds[i]);
    }
    write_errno("/proc/sys/fs/file-max", "100000");

    /* max_map_count: no new area once the count is above it; splits stop at it. */
    char *area = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(write_errno("/proc/sys/vm/max_map_count", "1") == 0, "max_map_count 1", "");
    errno = 0;
    void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int e1 = errno;
    errno = 0;
    int p1 = mprotect(area + 4096, 4096, PROT_READ);
    int e2 = errno;
    errno = 0;
    int u1 = munmap(area + 4096, 4096);
    int e3 = errno;
    check(m == MAP_FAILED && e1 == ENOMEM && p1 == -1 && e2 == ENOMEM && u1 == -1 && e3 == ENOMEM,
            "mmap, mprotect and munmap splits above max_map_count: ENOMEM", "%s %s %s", errno_name(e1),
            errno_name(e2), errno_name(e3));
    check(munmap(area, 4 * 4096) == 0, "munmap of a whole area at max_map_count", "%s", errno_name(errno));
    write_errno("/proc/sys/vm/max_map_count", "65530");
    m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(m != MAP_FAILED, "mmap again below max_map_count", "%s", errno_name(errno));

    /* overcommit_memory: 0 refuses one mapping larger than RAM, 1 nothing, 2 past CommitLimit. */
    struct sysinfo si;
    sysinfo(&si);
    size_t ram = (size_t) si.totalram * si.mem_unit;
    size_t big = ram + (1 << 20);
    errno = 0;
    m = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(m == MAP_FAILED && errno == ENOMEM, "overcommit 0: a mapping larger than RAM is ENOMEM", "%s",
            errno_name(errno));
    m = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    check(m != MAP_FAILED, "overcommit 0: with MAP_NORESERVE it is not charged", "%s", errno_name(errno));
    munmap(m, big);
    write_errno("/proc/sys/vm/overcommit_memory", "1");
    m = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(m != MAP_FAILED, "overcommit 1: it is granted", "%s", errno_name(errno));
    munmap(m, big);
    check(write_errno("/proc/sys/vm/overcommit_memory", "2") == 0, "overcommit_memory 2", "");
    char *mi = slurp("/proc/meminfo");
    long long limit = field(mi, "CommitLimit:");
    long long committed = field(mi, "Committed_AS:");
    check(limit > 0 && committed > 0 && committed < limit, "meminfo Committed_AS below CommitLimit", "%lld %lld",
            committed, limit);
    errno = 0;
    m = mmap(NULL, (size_t) limit * 1024, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    check(m == MAP_FAILED && errno == ENOMEM, "overcommit 2: CommitLimit more is ENOMEM, MAP_NORESERVE too", "%s",
            errno_name(errno));
    m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long long after = field(slurp("/proc/meminfo"), "Committed_AS:");
    check(m != MAP_FAILED && after >= committed + 1024, "overcommit 2: 1 MiB is granted and counted", "%lld %lld",
            committed, after);
    /* Read-only private memory is not charged until mprotect makes it writable. */
    m = mmap(NULL, (size_t) limit * 1024, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    errno = 0;
    r = m == MAP_FAILED ? -2 : mprotect(m, (size_t) limit * 1024, PROT_READ | PROT_WRITE);
    check(r == -1 && errno == ENOMEM, "overcommit 2: mprotect making CommitLimit writable is ENOMEM", "%d %s", r,
            errno_name(errno));
    check(m != MAP_FAILED && mprotect(m, 1 << 20, PROT_READ | PROT_WRITE) == 0,
            "overcommit 2: mprotect making 1 MiB writable is granted", "%s", errno_name(errno));
    write_errno("/proc/sys/vm/overcommit_memory", "0");
}

/* zlx has no block devices and no kernel log: partitions and kmsg are not there. */
static void absent(void)
{
    errno = 0;
    int a = open("/proc/partitions", O_RDONLY);
    int ea = errno;
    errno = 0;
    int b = open("/proc/kmsg", O_RDONLY);
    int eb = errno;
    check(a < 0 && ea == ENOENT, "no /proc/partitions", "%s", errno_name(ea));
    check(b < 0 && eb == ENOENT, "no /proc/kmsg", "%s", errno_name(eb));
    /* Until the cgroup work mounts something there. */
    DIR *d = opendir("/sys/fs/cgroup");
    int entries = 0;
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL) {
        entries += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    }
    check(d != NULL && entries == 0, "/sys/fs/cgroup is an empty directory", "%d entries", entries);
    if (d != NULL) {
        closedir(d);
    }
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && strcmp(argv[1], "write-hostname") == 0) {
        write_hostname();
    } else if (argc > 1 && strcmp(argv[1], "cpu-features") == 0) {
        cpu_features();
    } else if (argc > 1 && strcmp(argv[1], "limits") == 0) {
        limits();
    } else if (argc > 1 && strcmp(argv[1], "absent") == 0) {
        absent();
    } else {
        cpus();
        memory();
        names();
        times();
        stat_counters();
        sysctls();
        sysctl_writes();
        sysctl_positions();
        unknown_paths();
    }
    return failures ? 1 : 0;
}
