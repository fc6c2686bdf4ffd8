/*
 * Shared helpers for the zlx guest test programs.
 *
 * errno values are printed by name from this table rather than with strerror(3),
 * because glibc and musl word their messages differently and the conformance tests
 * compare output byte for byte across C libraries.
 */
#ifndef ZLXTEST_H
#define ZLXTEST_H

#include <errno.h>
#include <stdio.h>

static inline const char *errno_name(int e)
{
    switch (e) {
    case 0: return "OK";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case ENXIO: return "ENXIO";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case EXDEV: return "EXDEV";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";
    case EMFILE: return "EMFILE";
    case ENOTTY: return "ENOTTY";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case EROFS: return "EROFS";
    case EPIPE: return "EPIPE";
    case ERANGE: return "ERANGE";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ELOOP: return "ELOOP";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ENODATA: return "ENODATA";
    case EDEADLK: return "EDEADLK";
    case EOVERFLOW: return "EOVERFLOW";
    case EUSERS: return "EUSERS";
    default: return "E?";
    }
}

/* Prints "label: OK" when rc >= 0, otherwise "label: ENAME"; returns rc. */
static inline long report(const char *label, long rc)
{
    printf("%s: %s\n", label, rc < 0 ? errno_name(errno) : "OK");
    return rc;
}

/* "OK" for a call that returned 0, else the name of errno. */
static inline const char *result_name(int r)
{
    return r == 0 ? "OK" : errno_name(errno);
}

/*
 * dir/name in one of 8 rotating buffers, so that a call can take several paths (the programs
 * that work in a directory given on the command line).
 */
static inline const char *path_in(const char *dir, const char *name)
{
    static char buf[8][4200];
    static int n;
    char *b = buf[n++ % 8];
    snprintf(b, sizeof buf[0], "%s/%s", dir, name);
    return b;
}

#endif
