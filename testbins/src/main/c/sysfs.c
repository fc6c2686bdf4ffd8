/*
 * /sys/devices/system/{cpu,node}, transparent_hugepage/enabled, fs/cgroup and class/net read
 * and checked against sched_getaffinity(2), sysconf(3) and each other. Only the outcomes of
 * the checks and the CPU count are printed, so the output is the same on any Linux whose
 * affinity mask is all its online CPUs. Also: a sysfs and a proc file read one byte at a time
 * give the same text as one read, and attributes without a store method refuse writers.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "zlxtest.h"

#define SYSFS_MAGIC 0x62656572
#define CPU "/sys/devices/system/cpu/"
#define MAXTEXT 65536

static int failures;

static void check(const char *what, int ok)
{
    printf("%s: %s\n", what, ok ? "yes" : "NO");
    if (!ok) {
        failures++;
    }
}

/* The whole text of path in one read loop of large reads; -1 with errno on failure. */
static long slurp(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return -1;
    }
    long total = 0;
    for (;;) {
        ssize_t n = read(fd, buf + total, size - 1 - total);
        if (n < 0) {
            close(fd);
            return -1;
        }
        if (n == 0) {
            break;
        }
        total += n;
    }
    buf[total] = 0;
    close(fd);
    return total;
}

/* The same text, read one byte per read(2). */
static long slurp_bytewise(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return -1;
    }
    long total = 0;
    while ((size_t) total < size - 1) {
        ssize_t n = read(fd, buf + total, 1);
        if (n <= 0) {
            break;
        }
        total += n;
    }
    buf[total] = 0;
    close(fd);
    return total;
}

static char *text(const char *path)
{
    static char bufs[4][4096];
    static int next;
    char *b = bufs[next++ % 4];
    if (slurp(path, b, sizeof bufs[0]) < 0) {
        printf("read %s: %s\n", path, errno_name(errno));
        failures++;
        b[0] = 0;
    }
    return b;
}

/* A "%*pbl" list such as "0-3,6\n" into set; 0 when the text is not a well-formed list. */
static int parse_list(const char *s, cpu_set_t *set)
{
    CPU_ZERO(set);
    if (*s == '\n' || *s == 0) {
        return 1;
    }
    for (;;) {
        char *end;
        long a = strtol(s, &end, 10), b = a;
        if (end == s || a < 0 || a >= CPU_SETSIZE) {
            return 0;
        }
        s = end;
        if (*s == '-') {
            b = strtol(s + 1, &end, 10);
            if (end == s + 1 || b < a || b >= CPU_SETSIZE) {
                return 0;
            }
            s = end;
        }
        for (long c = a; c <= b; c++) {
            CPU_SET(c, set);
        }
        if (*s == ',') {
            s++;
            continue;
        }
        return *s == '\n' && s[1] == 0;
    }
}

/* A "%*pb" bitmap such as "00000001,ffffffff\n" into set; 0 when malformed. */
static int parse_bitmap(const char *s, cpu_set_t *set)
{
    CPU_ZERO(set);
    const char *end = strchr(s, '\n');
    if (end == NULL || end == s || end[1] != 0) {
        return 0;
    }
    int bit = 0;
    for (const char *p = end - 1; p >= s; p--) {
        if (*p == ',') {
            if ((bit & 31) != 0) {
                return 0;
            }
            continue;
        }
        int v;
        if (*p >= '0' && *p <= '9') {
            v = *p - '0';
        } else if (*p >= 'a' && *p <= 'f') {
            v = *p - 'a' + 10;
        } else {
            return 0;
        }
        for (int i = 0; i < 4; i++, bit++) {
            if ((v >> i & 1) && bit < CPU_SETSIZE) {
                CPU_SET(bit, set);
            }
        }
    }
    return 1;
}

static int list_file(const char *path, cpu_set_t *set)
{
    return parse_list(text(path), set);
}

static int subset(cpu_set_t *a, cpu_set_t *b)
{
    cpu_set_t both;
    CPU_AND(&both, a, b);
    return CPU_EQUAL(&both, a);
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* One CPU's topology directory: its masks and lists agree and contain the CPU. */
static int topology_ok(int cpu, cpu_set_t *online)
{
    static const char *masks[] = {"thread_siblings", "core_siblings", "core_cpus", "package_cpus"};
    char path[256];
    cpu_set_t list, bitmap, self, package;
    CPU_ZERO(&self);
    CPU_SET(cpu, &self);
    int ok = 1;
    for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
        snprintf(path, sizeof path, CPU "cpu%d/topology/%s_list", cpu, masks[i]);
        ok &= list_file(path, &list);
        snprintf(path, sizeof path, CPU "cpu%d/topology/%s", cpu, masks[i]);
        ok &= parse_bitmap(text(path), &bitmap);
        ok &= CPU_EQUAL(&list, &bitmap) && subset(&self, &list) && subset(&list, online);
    }
    snprintf(path, sizeof path, CPU "cpu%d/topology/thread_siblings_list", cpu);
    list_file(path, &list);
    snprintf(path, sizeof path, CPU "cpu%d/topology/package_cpus_list", cpu);
    list_file(path, &package);
    ok &= subset(&list, &package);
    /* The CPUs sharing a package (and a core) report its id. */
    snprintf(path, sizeof path, CPU "cpu%d/topology/physical_package_id", cpu);
    long pkg = atol(text(path));
    snprintf(path, sizeof path, CPU "cpu%d/topology/core_id", cpu);
    long core = atol(text(path));
    for (int other = 0; other < CPU_SETSIZE; other++) {
        if (CPU_ISSET(other, &package)) {
            snprintf(path, sizeof path, CPU "cpu%d/topology/physical_package_id", other);
            ok &= atol(text(path)) == pkg;
        }
        if (CPU_ISSET(other, &list)) {
            snprintf(path, sizeof path, CPU "cpu%d/topology/core_id", other);
            ok &= atol(text(path)) == core;
        }
    }
    return ok;
}

static void same_bytewise(const char *path)
{
    static char whole[MAXTEXT], bytes[MAXTEXT];
    long a = slurp(path, whole, sizeof whole);
    long b = slurp_bytewise(path, bytes, sizeof bytes);
    char what[300];
    snprintf(what, sizeof what, "%s read 1 byte at a time is the same text", path);
    check(what, a > 0 && a == b && memcmp(whole, bytes, a) == 0);
}

int main(void)
{
    cpu_set_t affinity, online, possible, present, offline, nodes_cpus;
    if (sched_getaffinity(0, sizeof affinity, &affinity) != 0) {
        report("sched_getaffinity", -1);
        return 1;
    }
    printf("cpus: %d\n", CPU_COUNT(&affinity));

    struct statfs sf;
    check("statfs /sys is sysfs", statfs("/sys", &sf) == 0 && sf.f_type == SYSFS_MAGIC);

    check("online is a cpu list", list_file(CPU "online", &online));
    check("possible is a cpu list", list_file(CPU "possible", &possible));
    check("present is a cpu list", list_file(CPU "present", &present));
    check("offline is a cpu list", list_file(CPU "offline", &offline));
    check("online == sched_getaffinity", CPU_EQUAL(&online, &affinity));
    check("online <= present <= possible", subset(&online, &present) && subset(&present, &possible));
    cpu_set_t both, sum;
    CPU_AND(&both, &online, &offline);
    CPU_OR(&sum, &online, &offline);
    check("offline == possible - online", CPU_COUNT(&both) == 0 && CPU_EQUAL(&sum, &possible));
    int max_possible = 0;
    for (int c = 0; c < CPU_SETSIZE; c++) {
        if (CPU_ISSET(c, &possible)) {
            max_possible = c;
        }
    }
    check("kernel_max >= every possible cpu", atol(text(CPU "kernel_max")) >= max_possible);
    check("sysconf(_SC_NPROCESSORS_ONLN) == online", sysconf(_SC_NPROCESSORS_ONLN) == CPU_COUNT(&online));
    check("sysconf(_SC_NPROCESSORS_CONF) >= online", sysconf(_SC_NPROCESSORS_CONF) >= CPU_COUNT(&online));

    int topo_ok = 1, online_ok = 1, dirs_ok = 1;
    char path[256];
    for (int c = 0; c < CPU_SETSIZE; c++) {
        if (!CPU_ISSET(c, &online)) {
            continue;
        }
        snprintf(path, sizeof path, CPU "cpu%d/topology", c);
        dirs_ok &= is_dir(path);
        topo_ok &= topology_ok(c, &online);
        snprintf(path, sizeof path, CPU "cpu%d/online", c);
        /* cpu0 usually has none (it cannot go offline); where present, it says 1. */
        if (access(path, F_OK) == 0) {
            online_ok &= strcmp(text(path), "1\n") == 0;
        } else {
            online_ok &= c == 0;
        }
    }
    check("cpuN/topology for every online cpu", dirs_ok);
    check("topology masks and lists agree, ids shared by siblings", topo_ok);
    check("cpuN/online says 1 (absent only for cpu0)", online_ok);

    cpu_set_t node_set, node_cpus;
    check("node/online is a list", list_file("/sys/devices/system/node/online", &node_set));
    CPU_ZERO(&nodes_cpus);
    int nodes_ok = 1;
    for (int n = 0; n < CPU_SETSIZE; n++) {
        if (!CPU_ISSET(n, &node_set)) {
            continue;
        }
        cpu_set_t map;
        snprintf(path, sizeof path, "/sys/devices/system/node/node%d/cpulist", n);
        nodes_ok &= list_file(path, &node_cpus);
        snprintf(path, sizeof path, "/sys/devices/system/node/node%d/cpumap", n);
        nodes_ok &= parse_bitmap(text(path), &map) && CPU_EQUAL(&map, &node_cpus);
        CPU_OR(&nodes_cpus, &nodes_cpus, &node_cpus);
    }
    check("nodes' cpulists and cpumaps agree and cover online", nodes_ok && subset(&online, &nodes_cpus));

    const char *thp = text("/sys/kernel/mm/transparent_hugepage/enabled");
    int brackets = 0;
    for (const char *p = thp; *p; p++) {
        brackets += *p == '[';
    }
    check("transparent_hugepage/enabled selects one of always madvise never",
            brackets == 1 && strstr(thp, "always") && strstr(thp, "madvise") && strstr(thp, "never"));
    check("fs/cgroup is a directory", is_dir("/sys/fs/cgroup"));
    check("class/net is a directory", is_dir("/sys/class/net"));

    /* A show-only attribute has no store: even root may not open it for writing. */
    int fd = open(CPU "cpu0/topology/core_id", O_WRONLY);
    printf("open core_id O_WRONLY: %s\n", fd < 0 ? errno_name(errno) : "OK");
    if (fd >= 0) {
        close(fd);
    }
    /* cpu1/online parses its input as kstrtobool; 1 on an online cpu changes nothing. */
    if (geteuid() == 0 && access(CPU "cpu1/online", F_OK) == 0) {
        fd = open(CPU "cpu1/online", O_WRONLY);
        errno = 0;
        printf("write cpu1/online x: %s\n", write(fd, "x", 1) < 0 ? errno_name(errno) : "OK");
        printf("write cpu1/online 1: %s\n", write(fd, "1\n", 2) < 0 ? errno_name(errno) : "OK");
        close(fd);
        check("cpu1 still online", strcmp(text(CPU "cpu1/online"), "1\n") == 0);
    }

    /*
     * Seq_file attributes only: Linux serves the topology masks as binary attributes, whose
     * reads of one byte return nothing (bitmap_print_to_buf keeps a byte for the NUL).
     */
    same_bytewise(CPU "online");
    same_bytewise(CPU "cpu0/topology/core_id");
    same_bytewise("/sys/kernel/mm/transparent_hugepage/enabled");
    same_bytewise("/proc/self/maps");
    same_bytewise("/proc/self/cmdline");

    printf("sysfs: %s\n", failures == 0 ? "done" : "FAILED");
    return failures != 0;
}
