/*
 * inotify on a directory that another process changes: argv[1] is a directory holding a file
 * "f". Watches the directory (every event) and f (its own changes), prints "ready", then each
 * event as it comes, until the directory's IN_CREATE of "end". The conformance test makes the
 * changes from the host (zlx's hostfs must report what the host does behind its back). Equal
 * events in a row are shown once, as inotify merges them while unread: the output does not
 * depend on how fast this program reads. Output names no path.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>
#include "inotify_mask.h"
#include "zlxtest.h"

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 2 || chdir(argv[1]) != 0) {
        perror("setup");
        return 1;
    }
    int in = inotify_init();
    int dir = inotify_add_watch(in, ".", IN_ALL_EVENTS);
    int file = inotify_add_watch(in, "f", IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVE_SELF | IN_DELETE_SELF);
    if (in < 0 || dir < 0 || file < 0) {
        printf("setup: %s\n", errno_name(errno));
        return 1;
    }
    printf("ready\n");
    char buf[4096] __attribute__((aligned(8)));
    char last[sizeof(struct inotify_event) + 256] = {0};
    unsigned last_cookie = 0;
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n <= 0) {
            printf("read: %s\n", errno_name(n < 0 ? errno : 0));
            return 1;
        }
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *e = (struct inotify_event *) p;
            size_t size = sizeof *e + e->len;
            p += size;
            if (size <= sizeof last && memcmp(last, e, size) == 0) {
                continue;
            }
            memcpy(last, e, size < sizeof last ? size : sizeof last);
            printf("%s ", e->wd == dir ? "dir" : e->wd == file ? "f" : "?");
            show_mask(e->mask);
            if (e->len) {
                printf(" '%s'", e->name);
            }
            if (e->cookie) {
                printf(" cookie %s", e->cookie == last_cookie ? "same" : "new");
                last_cookie = e->cookie;
            }
            printf("\n");
            if (e->wd == dir && (e->mask & IN_CREATE) && strcmp(e->name, "end") == 0) {
                printf("hostnotify: done\n");
                return 0;
            }
        }
    }
}
