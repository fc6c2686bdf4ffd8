/*
 * /proc/self and /proc/PID checked against the syscalls: pid and ppid in stat and status, the
 * thread count and task/ list after starting two threads, VmRSS plausible, maps showing an
 * mmap made at a known address (split by an mprotect), the fd/ list equal to the descriptors
 * that exist, fd links and fdinfo, comm after prctl(PR_SET_NAME) and after a write,
 * oom_score_adj, limits, and another user's environ refused. Prints one "name: ok" line per
 * check (or what differs) so that the output is the same wherever the invariants hold.
 */
#define _GNU_SOURCE
#include "zlxtest.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

static void check(const char *name, int ok, const char *detail)
{
    if (ok) {
        printf("%s: ok\n", name);
    } else {
        printf("%s: FAIL %s\n", name, detail);
        failures++;
    }
}

/* The whole file (NUL-terminated), or NULL with errno set. */
static char *slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        ssize_t r = read(fd, buf + n, cap - n - 1);
        if (r <= 0) {
            break;
        }
        n += (size_t) r;
    }
    close(fd);
    buf[n] = 0;
    if (len) {
        *len = n;
    }
    return buf;
}

/* The value of "Key:" in a status file, or -1. */
static long status_field(const char *path, const char *key)
{
    char *s = slurp(path, NULL);
    long v = -1;
    if (s) {
        size_t klen = strlen(key);
        for (char *line = s; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
            if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
                v = strtol(line + klen + 1, NULL, 10);
                break;
            }
        }
        free(s);
    }
    return v;
}

static void check_stat(void)
{
    char *s = slurp("/proc/self/stat", NULL);
    char detail[256] = "unreadable";
    int ok = 0;
    if (s) {
        char *close_paren = strrchr(s, ')');
        int pid = atoi(s);
        char state;
        int ppid;
        ok = close_paren && sscanf(close_paren + 2, "%c %d", &state, &ppid) == 2 && pid == getpid()
                && ppid == getppid() && strchr("RS", state);
        snprintf(detail, sizeof detail, "%.200s", s);
        free(s);
    }
    check("stat pid ppid state", ok, detail);
    long spid = status_field("/proc/self/status", "Pid");
    long sppid = status_field("/proc/self/status", "PPid");
    long tgid = status_field("/proc/self/status", "Tgid");
    check("status Pid PPid Tgid", spid == getpid() && sppid == getppid() && tgid == getpid(), "");
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/status", getpid());
    check("/proc/PID/status is self", status_field(path, "Pid") == getpid(), "");
}

static pthread_barrier_t started;
static int stop_pipe[2];
static pid_t tids[2];

static void *sleeper(void *arg)
{
    tids[(long) arg] = (pid_t) syscall(SYS_gettid);
    pthread_barrier_wait(&started);
    char c;
    read(stop_pipe[0], &c, 1);
    return NULL;
}

static int task_listed(pid_t tid)
{
    DIR *d = opendir("/proc/self/task");
    int found = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        found |= atoi(e->d_name) == tid;
    }
    if (d) {
        closedir(d);
    }
    return found;
}

static void check_threads(void)
{
    check("Threads before", status_field("/proc/self/status", "Threads") == 1, "");
    pthread_t th[2];
    pipe(stop_pipe);
    pthread_barrier_init(&started, NULL, 3);
    for (long i = 0; i < 2; i++) {
        pthread_create(&th[i], NULL, sleeper, (void *) i);
    }
    pthread_barrier_wait(&started);
    char detail[64];
    long n = status_field("/proc/self/status", "Threads");
    snprintf(detail, sizeof detail, "Threads: %ld", n);
    check("Threads with 2 more", n == 3, detail);
    check("task/ lists every thread", task_listed(getpid()) && task_listed(tids[0]) && task_listed(tids[1]), "");
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", tids[1]);
    char *s = slurp(path, NULL);
    check("task/TID/stat is the thread's", s && atoi(s) == tids[1], s ? s : "unreadable");
    free(s);
    snprintf(path, sizeof path, "/proc/self/task/%d/status", tids[0]);
    check("task/TID/status Pid and Tgid", status_field(path, "Pid") == tids[0] && status_field(path, "Tgid") == getpid(), "");
    write(stop_pipe[1], "xx", 2);
    for (int i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
    }
    check("Threads after join", status_field("/proc/self/status", "Threads") == 1, "");
}

static void check_memory(void)
{
    long rss = status_field("/proc/self/status", "VmRSS");
    long size = status_field("/proc/self/status", "VmSize");
    char detail[96];
    snprintf(detail, sizeof detail, "VmRSS %ld VmSize %ld", rss, size);
    check("VmRSS plausible", rss > 0 && rss <= size, detail);
    char *s = slurp("/proc/self/statm", NULL);
    long pages = -1, resident = -1;
    if (s) {
        sscanf(s, "%ld %ld", &pages, &resident);
        free(s);
    }
    check("statm size >= resident > 0", pages >= resident && resident > 0, "");

    /* A known address: 3 pages, the middle one made read-only, so maps shows three areas. */
    unsigned long base = 0x7e5500000000UL;
    if (sizeof(void *) == 8 && mmap((void *) base, 3 * 4096, PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == (void *) base) {
        mprotect((void *) (base + 4096), 4096, PROT_READ);
        s = slurp("/proc/self/maps", NULL);
        /* Unnamed areas end with the space that precedes the name column. */
        char want[256];
        snprintf(want, sizeof want, "%lx-%lx rw-p 00000000 00:00 0 \n%lx-%lx r--p 00000000 00:00 0 \n"
                 "%lx-%lx rw-p 00000000 00:00 0 \n", base, base + 4096, base + 4096, base + 8192,
                 base + 8192, base + 12288);
        check("maps shows the mmap", s && strstr(s, want), s ? "" : "unreadable");
        free(s);
        s = slurp("/proc/self/smaps", NULL);
        char head[64];
        snprintf(head, sizeof head, "%lx-%lx r--p", base + 4096, base + 8192);
        char *at = s ? strstr(s, head) : NULL;
        check("smaps has the area with Size: 4 kB", at && strstr(at, "Size:                  4 kB"), "");
        free(s);
        munmap((void *) base, 3 * 4096);
    } else {
        check("maps shows the mmap", 0, "mmap failed");
    }
}

static void check_fds(void)
{
    int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    int high = dup2(null_fd, 40);
    int p[2];
    pipe(p);
    int self_fd = open("/proc/self/exe", O_RDONLY);
    lseek(self_fd, 100, SEEK_SET);
    /* The descriptors that exist, by probing; then those fd/ lists (without the directory's own). */
    char expected[1024] = {0};
    for (int fd = 0; fd < 1024; fd++) {
        expected[fd] = fcntl(fd, F_GETFD) >= 0;
    }
    char listed[1024] = {0};
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.' && atoi(e->d_name) < 1024 && atoi(e->d_name) != dirfd(d)) {
            listed[atoi(e->d_name)] = 1;
        }
    }
    if (d) {
        closedir(d);
    }
    check("fd/ lists the open descriptors", memcmp(expected, listed, sizeof listed) == 0, "");
    char link[256] = {0};
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", high);
    readlink(path, link, sizeof link - 1);
    check("fd link names /dev/null", strcmp(link, "/dev/null") == 0, link);
    memset(link, 0, sizeof link);
    snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
    readlink(path, link, sizeof link - 1);
    check("fd link names a pipe", strncmp(link, "pipe:[", 6) == 0, link);

    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", null_fd);
    char *s = slurp(path, NULL);
    char want[64];
    snprintf(want, sizeof want, "flags:\t0%o\n", fcntl(null_fd, F_GETFL) | O_CLOEXEC);
    check("fdinfo flags with O_CLOEXEC", s && strstr(s, want), s ? s : "unreadable");
    free(s);
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", self_fd);
    s = slurp(path, NULL);
    check("fdinfo pos", s && strncmp(s, "pos:\t100\n", 9) == 0 && strstr(s, "mnt_id:\t") && strstr(s, "ino:\t"),
          s ? s : "unreadable");
    free(s);
    close(null_fd);
    close(high);
    close(p[0]);
    close(p[1]);
    close(self_fd);
}

/* The lines fdinfo adds for eventfd, signalfd and timerfd. */
static int fdinfo_has(int fd, const char *want)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    char *s = slurp(path, NULL);
    int found = s && strstr(s, want);
    free(s);
    close(fd);
    return found;
}

static void check_fdinfo_types(void)
{
    check("fdinfo eventfd-count", fdinfo_has(eventfd(5, 0), "eventfd-count:                5\n"), "");
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    check("fdinfo sigmask", fdinfo_has(signalfd(-1, &set, 0), "sigmask:\t0000000000000200\n"), "");
    int ep = epoll_create1(0);
    int efd = eventfd(0, 0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x1234};
    epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
    char want[96];
    snprintf(want, sizeof want, "tfd: %8d events:       19 data:             1234  pos:0 ino:", efd);
    check("fdinfo tfd", fdinfo_has(ep, want), want);
    close(efd);
    int in = inotify_init1(0);
    int wd = inotify_add_watch(in, "/", IN_CREATE | IN_DELETE);
    snprintf(want, sizeof want, "inotify wd:%x ino:", wd);
    char *info_mask = "mask:300 ignored_mask:0";
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", in);
    char *s = slurp(path, NULL);
    check("fdinfo inotify", s && strstr(s, want) && strstr(s, info_mask), s ? s : "");
    free(s);
    close(in);
    check("fdinfo clockid", fdinfo_has(timerfd_create(CLOCK_MONOTONIC, 0), "clockid: 1\nticks: 0\n"), "");
}

static void check_comm(void)
{
    prctl(PR_SET_NAME, "procpid-renamed-long");
    char *s = slurp("/proc/self/comm", NULL);
    check("comm after PR_SET_NAME", s && strcmp(s, "procpid-renamed\n") == 0, s ? s : "unreadable");
    free(s);
    s = slurp("/proc/self/stat", NULL);
    check("stat comm after PR_SET_NAME", s && strstr(s, " (procpid-renamed) "), "");
    free(s);
    int fd = open("/proc/self/comm", O_WRONLY);
    write(fd, "written", 7);
    close(fd);
    char name[16] = {0};
    prctl(PR_GET_NAME, name);
    check("PR_GET_NAME after a comm write", strcmp(name, "written") == 0, name);
}

static void check_misc(int argc, char **argv)
{
    int fd = open("/proc/self/oom_score_adj", O_WRONLY);
    write(fd, "500\n", 4);
    errno = 0;
    ssize_t r = write(fd, "2000", 4);
    check("oom_score_adj out of range is EINVAL", r < 0 && errno == EINVAL, errno_name(errno));
    close(fd);
    char *s = slurp("/proc/self/oom_score_adj", NULL);
    check("oom_score_adj reads back", s && strcmp(s, "500\n") == 0, s ? s : "unreadable");
    free(s);

    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    char want[128];
    snprintf(want, sizeof want, "Max open files            %-20lu %-20lu files     \n",
             (unsigned long) rl.rlim_cur, (unsigned long) rl.rlim_max);
    s = slurp("/proc/self/limits", NULL);
    check("limits matches getrlimit", s && strstr(s, want), "");
    free(s);

    char link[64] = {0};
    readlink("/proc/self/ns/mnt", link, sizeof link - 1);
    check("ns/mnt link", strncmp(link, "mnt:[", 5) == 0, link);
    s = slurp("/proc/self/mountinfo", NULL);
    check("mountinfo has the root", s && strstr(s, " / / "), "");
    free(s);
    size_t len;
    s = slurp("/proc/self/cmdline", &len);
    size_t at = 0;
    int same = s != NULL;
    for (int i = 0; same && i < argc; i++) {
        same = at < len && strcmp(s + at, argv[i]) == 0;
        at += strlen(argv[i]) + 1;
    }
    check("cmdline is argv", same && at == len, "");
    free(s);
    s = slurp("/proc/self/auxv", &len);
    check("auxv pairs end with AT_NULL", s && len >= 16 && len % 16 == 0 &&
          ((unsigned long *) s)[len / 8 - 2] == 0, "");
    free(s);
}

/* Another user's environ is refused; its stat is not. */
static void check_other_user(void)
{
    if (geteuid() != 0) {
        printf("other user's environ: ok\n");
        return;
    }
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        if (setresuid(65534, 65534, 65534) != 0) {
            _exit(3);
        }
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/environ", parent);
        int refused = open(path, O_RDONLY) < 0 && errno == EACCES;
        snprintf(path, sizeof path, "/proc/%d/stat", parent);
        int fd = open(path, O_RDONLY);
        _exit(refused && fd >= 0 ? 0 : 1);
    }
    int status;
    waitpid(child, &status, 0);
    check("other user's environ", WIFEXITED(status) && WEXITSTATUS(status) == 0, "");
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    check_stat();
    check_threads();
    check_memory();
    check_fds();
    check_fdinfo_types();
    check_comm();
    check_misc(argc, argv);
    check_other_user();
    return failures == 0 ? 0 : 1;
}
