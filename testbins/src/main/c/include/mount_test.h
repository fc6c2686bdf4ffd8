/*
 * The start shared by the test programs that mount as root in a directory given on the command
 * line (mounts, overlay, mount_namespaces).
 */
#ifndef MOUNT_TEST_H
#define MOUNT_TEST_H

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <unistd.h>
#include "zlxtest.h"

/*
 * Checks the usage (NAME DIR) and root, puts DIR's real path in dir (PATH_MAX bytes), and
 * enters a private mount namespace of the program's own, so that natively nothing it mounts
 * is seen outside. Returns -1 to go on, else the exit status: 2 for bad usage, 1 without root,
 * 0 where the host refuses a mount namespace ("native mount not permitted" printed). Under a
 * kernel without mount namespaces (ENOSYS, EINVAL) the program goes on in the one it has.
 */
static inline int mount_test_start(int argc, char **argv, char *dir, const char *name)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc != 2 || realpath(argv[1], dir) == NULL) {
        fprintf(stderr, "usage: %s DIR\n", name);
        return 2;
    }
    if (geteuid() != 0) {
        printf("needs root\n");
        return 1;
    }
    if (unshare(CLONE_NEWNS) == 0) {
        mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
    } else if (errno != ENOSYS && errno != EINVAL) {
        printf("native mount not permitted\n");
        return 0;
    }
    return -1;
}

#endif
