/*
 * The system-wide /proc agrees with the syscalls: the CPU count of sched_getaffinity with
 * /proc/cpuinfo and /proc/stat, MemTotal with sysinfo's totalram, uname with
 * /proc/sys/kernel/..., uptime and btime with sysinfo and the clock; boot_id is fixed and uuid new
 * on each read; writes are refused by mode (EACCES) for read-only sysctls and for a non-root
 * writer. Prints one "ok" line per check (or what differs) so that its output is the same
 * wherever the invariants hold. With the argument "write-hostname" (as root) a child in a new
 * UTS namespace sets the host and domain name through /proc/sys and checks that uname reports
 * them, and the parent's names stay as they were.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* The file's first line without its newline. */
static char *line(const char *path)
{
    char *s = slurp(path);
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

static void times(void)
{
    struct sysinfo si;
    sysinfo(&si);
    double up = -1, idle = -1;
    sscanf(slurp("/proc/uptime"), "%lf %lf", &up, &idle);
    check(up >= 0 && labs((long) up - (long) si.uptime) <= 1 && idle >= 0, "uptime == sysinfo uptime", "%f %ld", up,
            si.uptime);
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
    long pid_max = atol(line("/proc/sys/kernel/pid_max"));
    check(pid_max >= getpid() && atol(line("/proc/sys/kernel/threads-max")) > 0, "pid_max, threads-max", "%ld",
            pid_max);
    long ngroups = atol(line("/proc/sys/kernel/ngroups_max"));
    gid_t g = 0;
    errno = 0;
    int r = setgroups((size_t) ngroups + 1, &g);
    check(ngroups > 0 && r == -1 && errno == EINVAL, "setgroups past ngroups_max: EINVAL", "%ld %d %s", ngroups, r,
            errno_name(errno));
    check(atol(line("/proc/sys/kernel/overflowuid")) == 65534 && atol(line("/proc/sys/kernel/overflowgid")) == 65534,
            "overflowuid, overflowgid", "");
    check(atol(line("/proc/sys/kernel/cap_last_cap")) >= 40, "cap_last_cap", "%s", line("/proc/sys/kernel/cap_last_cap"));
    check(atol(line("/proc/sys/fs/nr_open")) >= 1024 && atol(line("/proc/sys/fs/file-max")) > 0
            && atol(line("/proc/sys/fs/pipe-max-size")) >= 4096 && atol(line("/proc/sys/net/core/somaxconn")) > 0
            && atol(line("/proc/sys/vm/max_map_count")) > 0,
            "fs and net sysctls", "");
    int fd = open("/proc/sys/kernel/ostype", O_WRONLY);
    check(fd < 0 && errno == EACCES, "write ostype: EACCES", "%d %s", fd, errno_name(errno));
    char link[64] = "";
    ssize_t n = readlink("/proc/mounts", link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    check(strcmp(link, "self/mounts") == 0, "/proc/mounts -> self/mounts", "%s", link);
    check(strstr(slurp("/proc/filesystems"), "nodev\tproc\n") != NULL, "filesystems has nodev proc", "");
    if (geteuid() == 0) {
        pid_t child = fork();
        if (child == 0) {
            if (setuid(65534) != 0) {
                _exit(2);
            }
            int w = open("/proc/sys/kernel/hostname", O_WRONLY);
            _exit(w < 0 && errno == EACCES ? 0 : 1);
        }
        int status;
        waitpid(child, &status, 0);
        check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "non-root write hostname: EACCES", "status %x", status);
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

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && strcmp(argv[1], "write-hostname") == 0) {
        write_hostname();
    } else {
        cpus();
        memory();
        names();
        times();
        sysctls();
    }
    return failures ? 1 : 0;
}
