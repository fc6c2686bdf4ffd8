/*
 * inotify(7) in the directory given as argv[1] (a tmpfs or a host directory): the events of
 * creating, writing, reading, closing, chmod, truncate, utimes, renaming (cookies), linking,
 * lchown, unlinking, opening a directory and listing it, and removing, as the directory's and
 * the file's own watches see them; IN_ISDIR, IN_DELETE_SELF and IN_IGNORED, IN_ONESHOT,
 * IN_MASK_ADD, IN_MASK_CREATE, IN_ONLYDIR, IN_DONT_FOLLOW; merging of equal events,
 * IN_Q_OVERFLOW, name padding, FIONREAD, poll, a blocking read woken by another process, and the
 * errno of each misuse. Output names no path.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "inotify_mask.h"
#include "zlxtest.h"

static int in;
static int wds[8];
static const char *wdnames[8];
static int nwds;
static unsigned last_cookie;

static const char *wdname(int wd) {
    for (int i = 0; i < nwds; i++) {
        if (wds[i] == wd) {
            return wdnames[i];
        }
    }
    return wd == -1 ? "-1" : "?";
}

static int watch(const char *label, const char *path, unsigned mask) {
    int wd = inotify_add_watch(in, path, mask);
    if (wd < 0) {
        printf("watch %s: %s\n", label, errno_name(errno));
        return wd;
    }
    wds[nwds] = wd;
    wdnames[nwds++] = label;
    printf("watch %s: wd %s\n", label, wdname(wd));
    return wd;
}

/* Reads and shows every queued event (the instance is non-blocking). */
static void events(const char *label) {
    char buf[4096] __attribute__((aligned(8)));
    printf("%s:", label);
    int any = 0;
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0) {
            if (errno != EAGAIN) {
                printf(" read %s", errno_name(errno));
            }
            break;
        }
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *e = (struct inotify_event *) p;
            printf("\n  %s ", wdname(e->wd));
            show_mask(e->mask);
            if (e->len) {
                printf(" '%s' len %u", e->name, e->len);
            }
            if (e->cookie) {
                printf(" cookie %s", e->cookie == last_cookie ? "same" : "new");
                last_cookie = e->cookie;
            }
            any = 1;
            p += sizeof *e + e->len;
        }
    }
    printf("%s\n", any ? "" : " none");
}

static void put(const char *name, const char *text, int flags) {
    int fd = open(name, O_WRONLY | flags, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) < 0) {
        perror(name);
    }
    close(fd);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    char work[64];
    snprintf(work, sizeof work, "inotify-test-%d", (int) getpid());
    if (argc < 2 || chdir(argv[1]) != 0 || mkdir(work, 0755) != 0 || chdir(work) != 0) {
        perror("setup");
        return 1;
    }
    umask(022);

    /* Creation and misuse. */
    report("init1 bad flags", inotify_init1(1));
    in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    report("init1", in);
    printf("getfd cloexec: %d\n", (fcntl(in, F_GETFD) & FD_CLOEXEC) != 0);
    printf("getfl: 0%o\n", fcntl(in, F_GETFL) & (O_ACCMODE | O_NONBLOCK));
    char path[64], target[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", in);
    ssize_t len = readlink(path, target, sizeof target - 1);
    target[len < 0 ? 0 : len] = 0;
    printf("readlink: %s\n", target);
    int pipefd[2];
    pipe(pipefd);
    report("add bad fd", inotify_add_watch(99, ".", IN_CREATE));
    report("add on pipe", inotify_add_watch(pipefd[0], ".", IN_CREATE));
    report("add mask 0", inotify_add_watch(in, ".", 0));
    report("add unknown bit", inotify_add_watch(in, ".", IN_CREATE | 0x00010000));
    report("add mask add+create", inotify_add_watch(in, ".", IN_CREATE | IN_MASK_ADD | IN_MASK_CREATE));
    report("add missing", inotify_add_watch(in, "missing", IN_CREATE));
    report("rm bad wd", inotify_rm_watch(in, 12345));
    report("rm on pipe", inotify_rm_watch(pipefd[0], 1));
    events("nothing yet");
    char small[16];
    printf("read empty: %s\n", errno_name(read(in, small, sizeof small) < 0 ? errno : 0));

    /* The directory's watch: a file created, written, read, closed, changed. */
    int dir = watch("dir", ".", IN_ALL_EVENTS);
    printf("same object, same wd: %d\n", inotify_add_watch(in, ".", IN_ALL_EVENTS) == dir);
    report("mask create on watched", inotify_add_watch(in, ".", IN_CREATE | IN_MASK_CREATE));
    put("f", "hello", O_CREAT | O_EXCL);
    events("create and write f");
    int fd = open("f", O_RDONLY);
    read(fd, small, sizeof small);
    close(fd);
    events("read f");
    chmod("f", 0600);
    events("chmod f");
    watch("f", "f", IN_ALL_EVENTS);
    put("f", "more", O_APPEND);
    events("append f, both watches");
    fd = open("f", O_WRONLY);
    write(fd, "a", 1);
    write(fd, "b", 1);
    write(fd, "c", 1);
    events("three writes, merged");
    close(fd);
    events("close");
    truncate("f", 2);
    events("truncate f");
    utimensat(AT_FDCWD, "f", NULL, 0);
    events("utimensat f");
    put("f", "x", O_TRUNC);
    events("open O_TRUNC f");
    report("onlydir on file", inotify_add_watch(in, "f", IN_ATTRIB | IN_ONLYDIR));

    /* Directories, moves with cookies, links, removals. */
    mkdir("d", 0755);
    events("mkdir d");
    watch("d", "d", IN_ALL_EVENTS);
    rename("f", "d/g");
    events("rename f d/g");
    link("d/g", "h");
    events("link d/g h");
    unlink("h");
    events("unlink h");
    unlink("d/g");
    events("unlink d/g, its last link");
    symlink("target", "s");
    events("symlink s");
    watch("s", "s", IN_ATTRIB | IN_DONT_FOLLOW);
    lchown("s", getuid(), getgid());
    events("lchown s");
    unlink("s");
    events("unlink s");
    close(open("d", O_RDONLY | O_DIRECTORY));
    events("open and close d");
    DIR *listing = opendir("d");
    while (readdir(listing) != NULL) {
    }
    closedir(listing);
    events("list d");
    rmdir("d");
    events("rmdir d");

    /* One-shot, mask add, rm_watch. */
    put("o", "1", O_CREAT);
    events("create o");
    inotify_rm_watch(in, dir);
    events("rm_watch dir");
    watch("o", "o", IN_MODIFY | IN_ONESHOT);
    put("o", "2", 0);
    put("o", "3", 0);
    events("oneshot o");
    dir = watch("dir", ".", IN_CREATE);
    printf("mask add same wd: %d\n", inotify_add_watch(in, ".", IN_DELETE | IN_MASK_ADD) == dir);
    put("n", "", O_CREAT);
    unlink("n");
    unlink("o");
    events("create and delete n, with mask add");
    inotify_add_watch(in, ".", IN_DELETE);
    put("n", "", O_CREAT);
    unlink("n");
    events("mask replaced");

    /* Name padding, FIONREAD, a buffer too small, poll. */
    inotify_add_watch(in, ".", IN_CREATE);
    put("fifteen-chars-a", "", O_CREAT);
    put("sixteen-chars-ab", "", O_CREAT);
    int avail = -1;
    ioctl(in, FIONREAD, &avail);
    printf("fionread: %d\n", avail);
    struct pollfd pfd = {.fd = in, .events = POLLIN};
    int ready = poll(&pfd, 1, 0);
    printf("poll: %d revents 0x%x\n", ready, pfd.revents);
    printf("read 16 bytes: %s\n", errno_name(read(in, small, sizeof small) < 0 ? errno : 0));
    char one[48] __attribute__((aligned(8)));
    printf("read room for one: %zd\n", read(in, one, sizeof one));
    events("padding");
    unlink("fifteen-chars-a");
    unlink("sixteen-chars-ab");

    /* A blocking read woken by a child's change. */
    int blocking = inotify_init();
    inotify_add_watch(blocking, ".", IN_CREATE);
    pid_t child = fork();
    if (child == 0) {
        struct timespec ts = {0, 50000000};
        nanosleep(&ts, NULL);
        put("from-child", "", O_CREAT);
        _exit(0);
    }
    char buf[64] __attribute__((aligned(8)));
    ssize_t n = read(blocking, buf, sizeof buf);
    struct inotify_event *e = (struct inotify_event *) buf;
    printf("blocking read: %zd ", n);
    show_mask(e->mask);
    printf(" '%s'\n", e->name);
    waitpid(child, NULL, 0);
    unlink("from-child");
    close(blocking);

    /* The queue holds max_queued_events; one IN_Q_OVERFLOW stands for what did not fit. */
    put("q", "", O_CREAT);
    int q = inotify_init1(IN_NONBLOCK);
    inotify_add_watch(q, "q", IN_OPEN | IN_CLOSE);
    for (int i = 0; i < 8200; i++) {
        close(open("q", O_RDONLY));
    }
    int count = 0;
    unsigned lastmask = 0;
    int lastwd = 0;
    static char big[65536] __attribute__((aligned(8)));
    while ((n = read(q, big, sizeof big)) > 0) {
        for (char *p = big; p < big + n; p += sizeof(struct inotify_event) + ((struct inotify_event *) p)->len) {
            count++;
            lastmask = ((struct inotify_event *) p)->mask;
            lastwd = ((struct inotify_event *) p)->wd;
        }
    }
    printf("overflow: %d events, last wd %d ", count, lastwd);
    show_mask(lastmask);
    printf("\n");
    unlink("q");
    close(q);
    close(in);
    chdir("..");
    report("cleanup", rmdir(work));
    printf("inotify: done\n");
    return 0;
}
