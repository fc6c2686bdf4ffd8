/*
 * /proc/self and /proc/PID checked against the syscalls: pid and ppid in stat and status, the
 * thread count and task/ list after starting two threads, VmRSS plausible, maps showing an
 * mmap made at a known address (split by an mprotect), the fd/ list equal to the descriptors
 * that exist, fd links and fdinfo, comm after prctl(PR_SET_NAME) and after a write,
 * oom_score_adj, limits, and another user's environ refused. Then the rest of /proc/PID, each
 * with an invariant: ptrace-guarded files refused to another user with Linux's errnos, the
 * dumpable flag deciding the files' owner, io's counters against the bytes moved, comm per
 * thread, personality(2) and its file, loginuid, wchan, sched, cgroup, oom_score, environ,
 * cwd, root, exe, thread-self, mounts and VmRSS. Prints one "name: ok" line per check (or
 * what differs) so that the output is the same wherever the invariants hold.
 */
#define _GNU_SOURCE
#include "zlxtest.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
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

/* /proc/self/task/TID/name, in a static buffer. */
static const char *task_path(pid_t tid, const char *name)
{
    static char path[96];
    snprintf(path, sizeof path, "/proc/self/task/%d/%s", tid, name);
    return path;
}

/* Starts fn on a thread that meets the caller at barrier (of two) once, and returns the thread. */
static pthread_t start_at_barrier(pthread_barrier_t *barrier, void *(*fn)(void *))
{
    pthread_barrier_init(barrier, NULL, 2);
    pthread_t th;
    pthread_create(&th, NULL, fn, NULL);
    pthread_barrier_wait(barrier);
    return th;
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

/* The numbered fields of a stat file (field 1 the pid, 3 the state, as proc(5) counts), or 0 if unreadable. */
static int stat_fields(const char *path, unsigned long f[53])
{
    memset(f, 0, 53 * sizeof f[0]);
    char *s = slurp(path, NULL);
    char *at = s ? strrchr(s, ')') : NULL;
    if (!at) {
        free(s);
        return 0;
    }
    at += 2;
    for (int i = 3; i <= 52 && *at; i++) {
        f[i] = i == 3 ? (unsigned long) *at : strtoul(at, NULL, 10);
        at = strchr(at, ' ');
        if (!at) {
            break;
        }
        at++;
    }
    free(s);
    return 1;
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

/* stat's addresses, shown to a caller with ptrace access: main in the code, argv where the strings are. */
static void check_stat_addresses(char **argv)
{
    unsigned long f[53];
    stat_fields("/proc/self/stat", f);
    unsigned long code = (unsigned long) &check_stat;
    char detail[160];
    snprintf(detail, sizeof detail, "code %lx-%lx data %lx-%lx arg_start %lx", f[26], f[27], f[45], f[46], f[48]);
    check("stat: startcode <= code < endcode", f[26] <= code && code < f[27], detail);
    check("stat: start_data <= end_data, arg_start is argv[0]", f[45] <= f[46] && f[46] != 0
          && f[48] == (unsigned long) argv[0] && f[49] > f[48] && f[28] != 0, detail);
    check("stat: wchan field 0 while running", f[35] == 0, detail);
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
    /* join returns at the thread's clear_child_tid, a little before Linux unhashes it: wait for that. */
    int threads = 0;
    for (int i = 0; i < 1000 && (threads = status_field("/proc/self/status", "Threads")) != 1; i++) {
        usleep(1000);
    }
    check("Threads after join", threads == 1, "");
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
    rl.rlim_cur = rl.rlim_cur > 512 ? 512 : rl.rlim_cur;
    setrlimit(RLIMIT_NOFILE, &rl);
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
    /* The entries libc keeps as they came (not AT_HWCAP, which glibc rewrites) equal getauxval(3). */
    static const unsigned long kept[] = {AT_PHDR, AT_PHNUM, AT_PAGESZ, AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID,
                                         AT_CLKTCK, AT_SECURE, AT_RANDOM, AT_EXECFN};
    int same_aux = s != NULL && len >= 16, found = 0;
    for (size_t i = 0; same_aux && i + 1 < len / 8 && ((unsigned long *) s)[i] != 0; i += 2) {
        unsigned long type = ((unsigned long *) s)[i], value = ((unsigned long *) s)[i + 1];
        for (size_t k = 0; k < sizeof kept / sizeof kept[0]; k++) {
            if (kept[k] == type) {
                same_aux = getauxval(type) == value;
                found++;
            }
        }
    }
    check("auxv entries equal getauxval", same_aux && found == (int) (sizeof kept / sizeof kept[0])
          && getauxval(AT_PAGESZ) == 4096, "");
    free(s);
}

/* errno of opening path (0 when it opens), the descriptor closed again. */
static int open_errno(const char *path, int flags)
{
    int fd = open(path, flags);
    if (fd < 0) {
        return errno;
    }
    close(fd);
    return 0;
}

/* errno of reading path (0 when the first read succeeds); ENOENT-like errors come from open. */
static int read_errno(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return errno;
    }
    char buf[256];
    int e = read(fd, buf, sizeof buf) < 0 ? errno : 0;
    close(fd);
    return e;
}

static int readlink_errno(const char *path)
{
    char buf[256];
    return readlink(path, buf, sizeof buf) < 0 ? errno : 0;
}

static int opendir_errno(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        return errno;
    }
    closedir(d);
    return 0;
}

static void expect_errno(const char *name, int got, int want)
{
    char detail[64];
    snprintf(detail, sizeof detail, "got %s, want %s", errno_name(got), errno_name(want));
    check(name, got == want, detail);
}

/*
 * Another user's process: the files ptrace_may_access guards are refused whatever their mode
 * (maps and smaps are 0444), with the errno of the place Linux checks (open, readlink, read);
 * the plain ones (stat, status, cmdline, limits, mounts, cgroup) are not. Run in a child that
 * became nobody; its lines go to the shared stdout and its failures come back as its status.
 */
static void other_user_reads(pid_t parent)
{
    char path[96];
#define PARENT(file) (snprintf(path, sizeof path, "/proc/%d/%s", parent, file), path)
    expect_errno("other user: open environ", open_errno(PARENT("environ"), O_RDONLY), EACCES);
    expect_errno("other user: open maps (0444)", open_errno(PARENT("maps"), O_RDONLY), EACCES);
    expect_errno("other user: open smaps (0444)", open_errno(PARENT("smaps"), O_RDONLY), EACCES);
    expect_errno("other user: open auxv", open_errno(PARENT("auxv"), O_RDONLY), EACCES);
    expect_errno("other user: open io", open_errno(PARENT("io"), O_RDONLY), EACCES);
    expect_errno("other user: open personality (0400)", open_errno(PARENT("personality"), O_RDONLY), EACCES);
    expect_errno("other user: readlink exe", readlink_errno(PARENT("exe")), EACCES);
    expect_errno("other user: readlink cwd", readlink_errno(PARENT("cwd")), EACCES);
    expect_errno("other user: readlink root", readlink_errno(PARENT("root")), EACCES);
    expect_errno("other user: readlink ns/mnt", readlink_errno(PARENT("ns/mnt")), EACCES);
    expect_errno("other user: stat through cwd", stat(PARENT("cwd/."), &(struct stat){0}) < 0 ? errno : 0, EACCES);
    struct stat st;
    expect_errno("other user: lstat exe", lstat(PARENT("exe"), &st) < 0 ? errno : 0, 0);
    expect_errno("other user: opendir fd", opendir_errno(PARENT("fd")), EACCES);
    expect_errno("other user: opendir fdinfo", opendir_errno(PARENT("fdinfo")), EACCES);
    expect_errno("other user: read stat", read_errno(PARENT("stat")), 0);
    expect_errno("other user: read status", read_errno(PARENT("status")), 0);
    expect_errno("other user: read cmdline", read_errno(PARENT("cmdline")), 0);
    expect_errno("other user: read limits", read_errno(PARENT("limits")), 0);
    expect_errno("other user: read mounts", read_errno(PARENT("mounts")), 0);
    expect_errno("other user: read cgroup", read_errno(PARENT("cgroup")), 0);
    unsigned long f[53];
    int whole = stat_fields(PARENT("stat"), f);
    int hidden = whole && f[26] == 1 && f[27] == 1 && f[28] == 0 && f[35] == 0;
    for (int i = 45; i <= 51; i++) {
        hidden &= f[i] == 0;
    }
    check("other user: stat hides the addresses", hidden, "");
    char *s = slurp(PARENT("wchan"), NULL);
    check("other user: wchan reads 0", s && strcmp(s, "0") == 0, s ? s : "unreadable");
    free(s);
#undef PARENT
}

/* The owner of /proc/self's files follows the dumpable flag; /proc/self itself keeps the euid. */
static void dumpable_owner(void)
{
    struct stat file, dir;
    stat("/proc/self/status", &file);
    stat("/proc/self", &dir);
    check("after setresuid: not dumpable", prctl(PR_GET_DUMPABLE) == 0, "");
    check("not dumpable: files root's, directory the euid's", file.st_uid == 0 && dir.st_uid == 65534, "");
    /* Its own fd/ (0500, root's now) stays open to it (proc_fd_permission); its environ (0400) does not. */
    expect_errno("not dumpable: opendir its own fd", opendir_errno("/proc/self/fd"), 0);
    expect_errno("not dumpable: readlink its own fd/1", readlink_errno("/proc/self/fd/1"), 0);
    expect_errno("not dumpable: open its own environ", open_errno("/proc/self/environ", O_RDONLY), EACCES);
    prctl(PR_SET_DUMPABLE, 1);
    stat("/proc/self/status", &file);
    check("PR_SET_DUMPABLE 1: files the euid's", prctl(PR_GET_DUMPABLE) == 1 && file.st_uid == 65534, "");
}

/* errno of opening pid's maps from a new child (as the same user as the caller). */
static int child_opens_maps(pid_t pid)
{
    pid_t c = fork();
    if (c == 0) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/maps", pid);
        _exit(open_errno(path, O_RDONLY));
    }
    int status;
    waitpid(c, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void check_other_user(void)
{
    if (geteuid() != 0) {
        printf("other user: skipped\n");
        return;
    }
    /* The parent's loginuid is set (to 0) so that the child's change needs the capability. */
    int fd = open("/proc/self/loginuid", O_WRONLY);
    write(fd, "0", 1);
    close(fd);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        if (setresgid(65534, 65534, 65534) != 0 || setresuid(65534, 65534, 65534) != 0) {
            _exit(100);
        }
        other_user_reads(parent);
        dumpable_owner();
        /* Dumpable again, its loginuid file is its own to open; the change needs CAP_AUDIT_CONTROL. */
        int lfd = open("/proc/self/loginuid", O_WRONLY);
        expect_errno("other user: loginuid once set needs CAP_AUDIT_CONTROL",
                     lfd >= 0 && write(lfd, "65534", 5) < 0 ? errno : 0, EPERM);
        close(lfd);
        /* Same user, but not dumpable: only CAP_SYS_PTRACE may look in. */
        prctl(PR_SET_DUMPABLE, 0);
        expect_errno("same user, not dumpable: maps", child_opens_maps(getpid()), EACCES);
        prctl(PR_SET_DUMPABLE, 1);
        expect_errno("same user, dumpable: maps", child_opens_maps(getpid()), 0);
        _exit(failures);
    }
    int status;
    waitpid(child, &status, 0);
    char detail[32];
    snprintf(detail, sizeof detail, "status %x", status);
    check("other user child", WIFEXITED(status) && WEXITSTATUS(status) == 0, detail);
    /* The child's lines were counted there; its status carries them here. */
    if (WIFEXITED(status)) {
        failures += WEXITSTATUS(status);
    }
}

/* /proc/PID/io's four counters, and the bytes and read calls taking them cost. */
struct io_counts {
    long rchar, wchar, syscr, syscw;
    long cost_bytes, cost_reads;
};

static struct io_counts read_io(const char *path)
{
    struct io_counts io = {0};
    char buf[512];
    int fd = open(path, O_RDONLY);
    ssize_t n;
    size_t len = 0;
    while ((n = read(fd, buf + len, sizeof buf - 1 - len)) > 0) {
        len += (size_t) n;
        io.cost_reads++;
    }
    io.cost_reads++; /* the read that returned 0 */
    io.cost_bytes = (long) len;
    close(fd);
    buf[len] = 0;
    sscanf(buf, "rchar: %ld\nwchar: %ld\nsyscr: %ld\nsyscw: %ld", &io.rchar, &io.wchar, &io.syscr, &io.syscw);
    return io;
}

static int io_pipe[2];
static char *thread_io;

/* Writes 300 bytes and keeps its own io text (printing would count as a write). */
static void *io_thread(void *arg)
{
    (void) arg;
    char buf[300] = {0};
    write(io_pipe[1], buf, sizeof buf);
    thread_io = slurp("/proc/thread-self/io", NULL);
    return NULL;
}

static void check_io(void)
{
    enum { N = 3000 };
    static char buf[N];
    pipe(io_pipe);
    struct io_counts a = read_io("/proc/self/io");
    write(io_pipe[1], buf, N);
    read(io_pipe[0], buf, N);
    struct io_counts b = read_io("/proc/self/io");
    char detail[160];
    snprintf(detail, sizeof detail, "rchar +%ld wchar +%ld syscr +%ld syscw +%ld", b.rchar - a.rchar,
             b.wchar - a.wchar, b.syscr - a.syscr, b.syscw - a.syscw);
    check("io: a pipe write and read of N bytes", b.wchar - a.wchar == N && b.syscw - a.syscw == 1
          && b.rchar - a.rchar == N + a.cost_bytes && b.syscr - a.syscr == 1 + a.cost_reads, detail);
    char *s = slurp("/proc/self/io", NULL);
    check("io: read_bytes and write_bytes lines", s && strstr(s, "\nread_bytes: ") && strstr(s, "\nwrite_bytes: ")
          && strstr(s, "\ncancelled_write_bytes: "), s ? s : "unreadable");
    free(s);

    a = read_io("/proc/self/io");
    pthread_t th;
    pthread_create(&th, NULL, io_thread, NULL);
    pthread_join(th, NULL);
    b = read_io("/proc/self/io");
    check("task io: the thread's own counters", thread_io
          && strncmp(thread_io, "rchar: 0\nwchar: 300\nsyscr: 0\nsyscw: 1\n", 38) == 0, thread_io ? thread_io : "");
    free(thread_io);
    snprintf(detail, sizeof detail, "wchar +%ld syscw +%ld", b.wchar - a.wchar, b.syscw - a.syscw);
    check("io: an ended thread's counters stay the process's", b.wchar - a.wchar == 300 && b.syscw - a.syscw == 1,
          detail);
    read(io_pipe[0], buf, 300);

    a = read_io("/proc/self/io");
    pid_t c = fork();
    if (c == 0) {
        write(io_pipe[1], buf, 200);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    b = read_io("/proc/self/io");
    snprintf(detail, sizeof detail, "wchar +%ld syscw +%ld", b.wchar - a.wchar, b.syscw - a.syscw);
    check("io: a reaped child's counters become the parent's", b.wchar - a.wchar == 200 && b.syscw - a.syscw == 1,
          detail);
    read(io_pipe[0], buf, 200);

    /* sendfile reads and writes what it moves; splice counts nothing. */
    int exe = open("/proc/self/exe", O_RDONLY);
    int other[2];
    pipe(other);
    a = read_io("/proc/self/io");
    ssize_t sent = sendfile(io_pipe[1], exe, NULL, 100);
    ssize_t spliced = splice(io_pipe[0], NULL, other[1], NULL, 100, 0);
    b = read_io("/proc/self/io");
    snprintf(detail, sizeof detail, "sent %zd spliced %zd: rchar +%ld wchar +%ld syscr +%ld syscw +%ld", sent, spliced,
             b.rchar - a.rchar, b.wchar - a.wchar, b.syscr - a.syscr, b.syscw - a.syscw);
    check("io: sendfile counted, splice not", sent == 100 && spliced == 100 && b.wchar - a.wchar == 100
          && b.syscw - a.syscw == 1 && b.rchar - a.rchar == 100 + a.cost_bytes && b.syscr - a.syscr == 1 + a.cost_reads,
          detail);
    close(exe);
    close(other[0]);
    close(other[1]);

    a = read_io("/proc/self/io");
    errno = 0;
    write(999, buf, 1);
    struct iovec v = {buf, 1};
    writev(999, &v, 1);
    b = read_io("/proc/self/io");
    snprintf(detail, sizeof detail, "syscw +%ld", b.syscw - a.syscw);
    check("io: write to a bad descriptor uncounted, writev counted", b.syscw - a.syscw == 1, detail);
    close(io_pipe[0]);
    close(io_pipe[1]);
}

static pthread_barrier_t comm_step;
static pid_t worker_tid, grandchild_tid;
static char inherited[16];

static void *comm_grandchild(void *arg)
{
    (void) arg;
    grandchild_tid = (pid_t) syscall(SYS_gettid);
    prctl(PR_GET_NAME, inherited);
    return NULL;
}

static void *comm_worker(void *arg)
{
    (void) arg;
    worker_tid = (pid_t) syscall(SYS_gettid);
    prctl(PR_SET_NAME, "worker");
    pthread_t th;
    pthread_create(&th, NULL, comm_grandchild, NULL);
    pthread_join(th, NULL);
    pthread_barrier_wait(&comm_step); /* renamed, the main thread looks */
    pthread_barrier_wait(&comm_step); /* the main thread renamed it */
    char name[16] = {0};
    prctl(PR_GET_NAME, name);
    check("comm: a sibling's write to task/TID/comm renames that thread", strcmp(name, "renamed") == 0, name);
    char want[64], link[64] = {0};
    snprintf(want, sizeof want, "%d/task/%d", getpid(), worker_tid);
    readlink("/proc/thread-self", link, sizeof link - 1);
    check("thread-self is task/TID of the caller", strcmp(link, want) == 0, link);
    int fd = open("/proc/self/loginuid", O_WRONLY);
    expect_errno("loginuid: a thread writing the leader's", fd >= 0 && write(fd, "0", 1) < 0 ? errno : 0, EPERM);
    close(fd);
    /* Its own is its own (per task), and the leader's stays. */
    fd = open("/proc/thread-self/loginuid", O_WRONLY);
    expect_errno("loginuid: a thread writing its own", fd >= 0 && write(fd, "1234", 4) < 0 ? errno : 0, 0);
    close(fd);
    char *mine = slurp("/proc/thread-self/loginuid", NULL), *leaders = slurp("/proc/self/loginuid", NULL);
    check("loginuid: per thread", mine && leaders && strcmp(mine, "1234") == 0 && strcmp(leaders, "0") == 0,
          mine ? mine : "unreadable");
    free(mine);
    free(leaders);
    return NULL;
}

static void check_comm_per_thread(void)
{
    char *before = slurp("/proc/self/comm", NULL);
    pthread_t th = start_at_barrier(&comm_step, comm_worker);
    char *s = slurp(task_path(worker_tid, "comm"), NULL);
    check("comm: PR_SET_NAME renames one thread", s && strcmp(s, "worker\n") == 0, s ? s : "unreadable");
    free(s);
    char *leader = slurp("/proc/self/comm", NULL);
    check("comm: the leader's name unchanged", leader && before && strcmp(leader, before) == 0, leader ? leader : "");
    free(leader);
    check("comm: a new thread is named as its creator", strcmp(inherited, "worker") == 0, inherited);
    s = slurp(task_path(worker_tid, "stat"), NULL);
    check("comm: task/TID/stat shows the thread's name", s && strstr(s, " (worker) "), s ? s : "unreadable");
    free(s);
    /* tid_base_stuff has the process's namespace files too. */
    char *map = slurp(task_path(worker_tid, "uid_map"), NULL), *own = slurp("/proc/self/uid_map", NULL);
    check("task/TID/uid_map is the process's", map && own && strcmp(map, own) == 0, map ? map : "unreadable");
    free(map);
    free(own);
    char nslink[64] = "", own_ns[64] = "";
    readlink(task_path(worker_tid, "ns/mnt"), nslink, sizeof nslink - 1);
    readlink("/proc/self/ns/mnt", own_ns, sizeof own_ns - 1);
    check("task/TID/ns/mnt is the process's", nslink[0] && strcmp(nslink, own_ns) == 0, nslink);
    int fd = open(task_path(worker_tid, "comm"), O_WRONLY);
    write(fd, "renamed", 7);
    close(fd);
    /* Another process may not rename it, even with write permission: EINVAL. */
    pid_t c = fork();
    if (c == 0) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/task/%d/comm", getppid(), worker_tid);
        int wfd = open(path, O_WRONLY);
        _exit(wfd >= 0 && write(wfd, "other", 5) < 0 ? errno : 0);
    }
    int status;
    waitpid(c, &status, 0);
    expect_errno("comm: another process's write", WIFEXITED(status) ? WEXITSTATUS(status) : -1, EINVAL);
    pthread_barrier_wait(&comm_step);
    pthread_join(th, NULL);
    free(before);
}

/* "--personality": the exec'd copy prints its persona and where its stack is. */
static int print_personality(void)
{
    int local;
    char *s = slurp("/proc/self/personality", NULL);
    printf("%s %lx\n", s ? strtok(s, "\n") : "unreadable", (unsigned long) &local);
    return 0;
}

/* Runs this program again with "--personality" under persona; its one line, in out. */
static void exec_personality(unsigned long persona, char *out, size_t len)
{
    int p[2];
    pipe(p);
    pid_t c = fork();
    if (c == 0) {
        personality(persona);
        dup2(p[1], 1);
        execl("/proc/self/exe", "procpid", "--personality", (char *) NULL);
        _exit(127);
    }
    close(p[1]);
    ssize_t n = read(p[0], out, len - 1);
    out[n > 0 ? n : 0] = 0;
    close(p[0]);
    waitpid(c, NULL, 0);
}

static pthread_barrier_t persona_step;
static pid_t persona_tid;

/* Changes its own persona only, and waits while the main thread looks. */
static void *persona_thread(void *arg)
{
    (void) arg;
    persona_tid = (pid_t) syscall(SYS_gettid);
    personality(ADDR_NO_RANDOMIZE);
    pthread_barrier_wait(&persona_step);
    pthread_barrier_wait(&persona_step);
    return NULL;
}

static void check_personality(void)
{
    char detail[96];
    int old = personality(0xffffffff);
    check("personality: PER_LINUX at start", old == 0, "");
    int prev = personality(PER_LINUX | ADDR_NO_RANDOMIZE);
    check("personality: set returns the old one", prev == 0 && personality(0xffffffff) == ADDR_NO_RANDOMIZE, "");
    char *s = slurp("/proc/self/personality", NULL);
    check("personality file", s && strcmp(s, "00040000\n") == 0, s ? s : "unreadable");
    free(s);
    personality(PER_BSD);
    s = slurp("/proc/self/personality", NULL);
    check("personality: any persona is kept (PER_BSD)", personality(0xffffffff) == PER_BSD && s
          && strcmp(s, "00000006\n") == 0, s ? s : "unreadable");
    free(s);
    personality(READ_IMPLIES_EXEC);
    unsigned long base = 0x7e5600000000UL;
    void *m = mmap((void *) base, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    s = slurp("/proc/self/maps", NULL);
    char want[64];
    snprintf(want, sizeof want, "%lx-%lx r-xp ", base, base + 4096);
    check("personality: READ_IMPLIES_EXEC maps PROT_READ executable", m == (void *) base && s && strstr(s, want), "");
    free(s);
    munmap((void *) base, 4096);
    personality(PER_LINUX);

    pid_t c = fork();
    if (c == 0) {
        _exit(personality(0xffffffff) == 0 ? 0 : 1);
    }
    personality(ADDR_NO_RANDOMIZE);
    int status;
    waitpid(c, &status, 0);
    c = fork();
    if (c == 0) {
        _exit(personality(0xffffffff) == ADDR_NO_RANDOMIZE ? 0 : 1);
    }
    int status2;
    waitpid(c, &status2, 0);
    personality(PER_LINUX);
    check("personality: inherited by fork", WIFEXITED(status) && WEXITSTATUS(status) == 0 && WIFEXITED(status2)
          && WEXITSTATUS(status2) == 0, "");

    pthread_t th = start_at_barrier(&persona_step, persona_thread);
    s = slurp(task_path(persona_tid, "personality"), NULL);
    char *leader = slurp("/proc/self/personality", NULL);
    check("personality: per thread", personality(0xffffffff) == PER_LINUX && s && strcmp(s, "00040000\n") == 0
          && leader && strcmp(leader, "00000000\n") == 0, s ? s : "unreadable");
    free(s);
    free(leader);
    pthread_barrier_wait(&persona_step);
    pthread_join(th, NULL);

    char one[128], two[128], three[128];
    exec_personality(ADDR_NO_RANDOMIZE | READ_IMPLIES_EXEC, one, sizeof one);
    check("personality: execve keeps ADDR_NO_RANDOMIZE, clears READ_IMPLIES_EXEC", strncmp(one, "00040000 ", 9) == 0,
          one);
    exec_personality(ADDR_NO_RANDOMIZE, two, sizeof two);
    snprintf(detail, sizeof detail, "%.40s / %.40s", one, two);
    check("personality: ADDR_NO_RANDOMIZE gives the same stack twice", strcmp(one, two) == 0, detail);
    exec_personality(PER_LINUX, three, sizeof three);
    exec_personality(PER_LINUX, two, sizeof two);
    snprintf(detail, sizeof detail, "%.40s / %.40s", three, two);
    check("personality: randomized stacks differ", strncmp(three, "00000000 ", 9) == 0 && strcmp(three, two) != 0,
          detail);
}

/* The rest of /proc/PID, each with what it must say. */
static void check_rest(char **envp)
{
    size_t len;
    char *s = slurp("/proc/self/environ", &len);
    size_t at = 0;
    int same = s != NULL;
    for (char **e = envp; same && *e; e++) {
        same = at < len && strcmp(s + at, *e) == 0;
        at += strlen(*e) + 1;
    }
    check("environ is the initial environment", same && at == len, "");
    free(s);

    char cwd[256] = {0}, link[256] = {0};
    chdir("/tmp");
    getcwd(cwd, sizeof cwd);
    readlink("/proc/self/cwd", link, sizeof link - 1);
    check("cwd link is getcwd after chdir", strcmp(cwd, link) == 0, link);
    chdir("/");
    memset(link, 0, sizeof link);
    readlink("/proc/self/root", link, sizeof link - 1);
    check("root link is /", strcmp(link, "/") == 0, link);
    struct stat byname, bylink;
    memset(link, 0, sizeof link);
    readlink("/proc/self/exe", link, sizeof link - 1);
    check("exe link names the running file", stat(link, &byname) == 0 && stat("/proc/self/exe", &bylink) == 0
          && byname.st_ino == bylink.st_ino && byname.st_dev == bylink.st_dev, link);

    s = slurp("/proc/self/cgroup", &len);
    check("cgroup ends with the v2 line 0::/", s && len >= 5 && strcmp(s + len - 5, "0::/\n") == 0, s ? s : "");
    free(s);
    s = slurp("/proc/self/wchan", NULL);
    check("wchan of the running caller is 0", s && strcmp(s, "0") == 0, s ? s : "unreadable");
    free(s);
    s = slurp("/proc/self/sched", NULL);
    char name[16] = {0}, want[64];
    prctl(PR_GET_NAME, name);
    snprintf(want, sizeof want, "%s (%d, #threads: 1)\n----", name, getpid());
    check("sched header", s && strncmp(s, want, strlen(want)) == 0 && strstr(s, "\nse.sum_exec_runtime "),
          s ? s : "unreadable");
    free(s);
    /* oom_score_adj is 500 (check_misc): about (1000 + 500) * 2 / 3 at least, less a rounding. */
    s = slurp("/proc/self/oom_score", NULL);
    long score = s ? atol(s) : -1;
    check("oom_score with oom_score_adj 500", score >= 999 && score <= 2000, s ? s : "unreadable");
    free(s);

    s = slurp("/proc/self/loginuid", NULL);
    check("loginuid set by the leader reads back", s && strcmp(s, "0") == 0, s ? s : "unreadable");
    free(s);
    int fd = open("/proc/self/loginuid", O_WRONLY);
    expect_errno("loginuid: not a number", write(fd, "abc", 3) < 0 ? errno : 0, EINVAL);
    close(fd);

    s = slurp("/proc/self/mounts", NULL);
    int root_mount = 0;
    for (char *line = s; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        char dev[128], dir[128];
        root_mount |= sscanf(line, "%127s %127s", dev, dir) == 2 && strcmp(dir, "/") == 0;
    }
    check("mounts has /", root_mount, "");
    free(s);

    /*
     * A fresh mapping adds to VmSize but not to VmRSS until its pages are written; then VmRSS
     * grows by at least the pages touched (and not by the untouched rest), within VmSize.
     */
    enum { PAGES = 256, MAPPED = 4096 };
    long before = status_field("/proc/self/status", "VmRSS");
    char *m = mmap(NULL, MAPPED * 4096L, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long mapped = status_field("/proc/self/status", "VmRSS");
    for (int i = 0; i < PAGES; i++) {
        m[i * 4096] = 1;
    }
    long after = status_field("/proc/self/status", "VmRSS");
    long size = status_field("/proc/self/status", "VmSize");
    char detail[128];
    snprintf(detail, sizeof detail, "VmRSS %ld -> %ld -> %ld kB, VmSize %ld kB", before, mapped, after, size);
    check("VmRSS: an untouched mapping is not resident", mapped - before < PAGES * 4, detail);
    check("VmRSS rises by the touched pages", after - before >= PAGES * 4 && after - before < MAPPED * 4 / 2
          && after <= size, detail);
    munmap(m, MAPPED * 4096L);
}

int main(int argc, char **argv, char **envp)
{
    if (argc > 1 && strcmp(argv[1], "--personality") == 0) {
        return print_personality();
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    check_stat();
    check_stat_addresses(argv);
    check_threads();
    check_memory();
    check_fds();
    check_fdinfo_types();
    check_comm();
    check_misc(argc, argv);
    check_other_user();
    check_io();
    check_comm_per_thread();
    check_personality();
    check_rest(envp);
    return failures == 0 ? 0 : 1;
}
