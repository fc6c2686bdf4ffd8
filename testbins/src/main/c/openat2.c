/*
 * openat2(2): the checks of struct open_how (sizes, unknown flags, mode without O_CREAT,
 * RESOLVE_* combinations) and what each RESOLVE_* flag refuses: absolute paths, ".." above
 * the start, absolute symlinks (RESOLVE_BENEATH, EXDEV), symlinks (RESOLVE_NO_SYMLINKS,
 * ELOOP), magic links (RESOLVE_NO_MAGICLINKS), mount crossings (RESOLVE_NO_XDEV, EXDEV), and
 * the start as root (RESOLVE_IN_ROOT). Usage: openat2 DIR (an empty directory, left empty).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "zlxtest.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

/* include/uapi/linux/openat2.h, which musl's headers do not carry. */
struct open_how {
    unsigned long long flags;
    unsigned long long mode;
    unsigned long long resolve;
};
#define RESOLVE_NO_XDEV 0x01
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08
#define RESOLVE_IN_ROOT 0x10
#define RESOLVE_CACHED 0x20

static long openat2_raw(int dirfd, const char *path, void *how, size_t size)
{
    return syscall(SYS_openat2, dirfd, path, how, size);
}

/* Opens and reports OK (closing the descriptor) or the errno name. */
static const char *try_open(int dirfd, const char *path, unsigned long long flags, unsigned long long resolve)
{
    struct open_how how = {.flags = flags, .mode = 0, .resolve = resolve};
    long fd = openat2_raw(dirfd, path, &how, sizeof how);
    if (fd < 0) {
        return errno_name(errno);
    }
    close((int)fd);
    return "OK";
}

static void show(const char *label, const char *result)
{
    printf("%-44s %s\n", label, result);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc != 2 || chdir(argv[1]) != 0) {
        fprintf(stderr, "usage: openat2 DIR\n");
        return 2;
    }
    mkdir("root", 0755);
    mkdir("root/a", 0755);
    close(open("root/a/file", O_WRONLY | O_CREAT, 0644));
    symlink("a/file", "root/rel");
    symlink("/a/file", "root/abs");
    symlink("../../outside", "root/a/up");
    int root = open("root", O_RDONLY | O_DIRECTORY);

    /* struct open_how checks */
    struct {
        struct open_how how;
        unsigned long long extra;
    } big = {{O_RDONLY, 0, 0}, 0};
    show("size 24", openat2_raw(root, "a/file", &big.how, 24) >= 0 ? "OK" : errno_name(errno));
    show("size 16", openat2_raw(root, "a/file", &big.how, 16) >= 0 ? "OK" : errno_name(errno));
    show("size 32, zero tail", openat2_raw(root, "a/file", &big, 32) >= 0 ? "OK" : errno_name(errno));
    big.extra = 1;
    show("size 32, non-zero tail", openat2_raw(root, "a/file", &big, 32) >= 0 ? "OK" : errno_name(errno));
    show("unknown open flag", try_open(root, "a/file", 1ULL << 40, 0));
    struct open_how mode_without_creat = {O_RDONLY, 0644, 0};
    show("mode without O_CREAT",
         openat2_raw(root, "a/file", &mode_without_creat, sizeof mode_without_creat) >= 0 ? "OK" : errno_name(errno));
    show("unknown RESOLVE bit", try_open(root, "a/file", O_RDONLY, 0x1000));
    show("BENEATH|IN_ROOT", try_open(root, "a/file", O_RDONLY, RESOLVE_BENEATH | RESOLVE_IN_ROOT));
    show("CACHED with O_CREAT", try_open(root, "a/new", O_RDONLY | O_CREAT, RESOLVE_CACHED));
    show("O_PATH with O_RDWR", try_open(root, "a/file", O_PATH | O_RDWR, 0));

    /* RESOLVE_BENEATH */
    show("BENEATH a/file", try_open(root, "a/file", O_RDONLY, RESOLVE_BENEATH));
    show("BENEATH a/../a/file", try_open(root, "a/../a/file", O_RDONLY, RESOLVE_BENEATH));
    show("BENEATH ../root/a/file", try_open(root, "../root/a/file", O_RDONLY, RESOLVE_BENEATH));
    show("BENEATH absolute path", try_open(root, "/", O_RDONLY, RESOLVE_BENEATH));
    show("BENEATH rel (relative symlink)", try_open(root, "rel", O_RDONLY, RESOLVE_BENEATH));
    show("BENEATH abs (absolute symlink)", try_open(root, "abs", O_RDONLY, RESOLVE_BENEATH));
    show("BENEATH a/up (symlink climbing out)", try_open(root, "a/up", O_RDONLY, RESOLVE_BENEATH));

    /* RESOLVE_IN_ROOT */
    show("IN_ROOT /a/file", try_open(root, "/a/file", O_RDONLY, RESOLVE_IN_ROOT));
    show("IN_ROOT ../../a/file", try_open(root, "../../a/file", O_RDONLY, RESOLVE_IN_ROOT));
    show("IN_ROOT abs (absolute symlink)", try_open(root, "abs", O_RDONLY, RESOLVE_IN_ROOT));
    show("without flags: abs", try_open(root, "abs", O_RDONLY, 0));

    /* RESOLVE_NO_SYMLINKS */
    show("NO_SYMLINKS a/file", try_open(root, "a/file", O_RDONLY, RESOLVE_NO_SYMLINKS));
    show("NO_SYMLINKS rel", try_open(root, "rel", O_RDONLY, RESOLVE_NO_SYMLINKS));
    show("NO_SYMLINKS rel, O_PATH|O_NOFOLLOW", try_open(root, "rel", O_PATH | O_NOFOLLOW, RESOLVE_NO_SYMLINKS));

    /* magic links */
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", root);
    show("NO_MAGICLINKS /proc/self/fd/N", try_open(AT_FDCWD, self, O_RDONLY, RESOLVE_NO_MAGICLINKS));
    show("plain /proc/self/fd/N", try_open(AT_FDCWD, self, O_RDONLY, 0));
    show("NO_MAGICLINKS /proc/self (ordinary link)", try_open(AT_FDCWD, "/proc/self", O_RDONLY, RESOLVE_NO_MAGICLINKS));

    /* RESOLVE_NO_XDEV */
    int top = open("/", O_RDONLY | O_DIRECTORY);
    show("NO_XDEV a/file", try_open(root, "a/file", O_RDONLY, RESOLVE_NO_XDEV));
    show("NO_XDEV / then proc (a mount)", try_open(top, "proc", O_RDONLY, RESOLVE_NO_XDEV));
    int proc = open("/proc", O_RDONLY | O_DIRECTORY);
    show("NO_XDEV from /proc: ..", try_open(proc, "..", O_RDONLY, RESOLVE_NO_XDEV));
    close(proc);
    close(top);

    /* O_CREAT through openat2, and the mode */
    struct open_how create = {O_WRONLY | O_CREAT | O_EXCL, 0600, RESOLVE_BENEATH};
    long fd = openat2_raw(root, "a/created", &create, sizeof create);
    struct stat st;
    fstat((int)fd, &st);
    printf("%-44s %s, mode %o\n", "create beneath", fd >= 0 ? "OK" : errno_name(errno), (unsigned)(st.st_mode & 0777));
    close((int)fd);

    unlink("root/a/created");
    unlink("root/a/up");
    unlink("root/abs");
    unlink("root/rel");
    unlink("root/a/file");
    rmdir("root/a");
    rmdir("root");
    close(root);
    return 0;
}
