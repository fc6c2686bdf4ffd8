package dev.zlx.abi;

/**
 * Constants of fcntl.h, unistd.h and stdio.h for open(2), fcntl(2), the *at(2) calls, access(2) and lseek(2).
 *
 * <p>Open flags are zlx's canonical values, which are x86-64's: aarch64 numbers O_DIRECTORY,
 * O_NOFOLLOW, O_DIRECT and O_LARGEFILE differently, and {@link OpenFlags#of(Arch)} translates a
 * guest's flags to these values and back. Everything else here is the same on both architectures.
 */
public final class Fcntl {
    private Fcntl() {
    }

    // open(2) flags (asm-generic/fcntl.h, x86-64 values)
    /** Mask of the access mode bits. */
    public static final int O_ACCMODE = 3;
    /** Open for reading only. */
    public static final int O_RDONLY = 0;
    /** Open for writing only. */
    public static final int O_WRONLY = 1;
    /** Open for reading and writing. */
    public static final int O_RDWR = 2;
    /** Create the file if it does not exist. */
    public static final int O_CREAT = 0100;
    /** With O_CREAT, fail if the file exists. */
    public static final int O_EXCL = 0200;
    /** Do not make a terminal the controlling terminal. */
    public static final int O_NOCTTY = 0400;
    /** Truncate a regular file to length 0. */
    public static final int O_TRUNC = 01000;
    /** Write at the end of the file. */
    public static final int O_APPEND = 02000;
    /** Non-blocking I/O. */
    public static final int O_NONBLOCK = 04000;
    /** Alias of O_NONBLOCK. */
    public static final int O_NDELAY = 04000;
    /** Synchronized data writes. */
    public static final int O_DSYNC = 010000;
    /** Signal-driven I/O (O_ASYNC). */
    public static final int FASYNC = 020000;
    /** Direct I/O; canonical (x86-64) value, see OpenFlags. */
    public static final int O_DIRECT = 040000;
    /** Large file offsets; canonical (x86-64) value, see OpenFlags. */
    public static final int O_LARGEFILE = 0100000;
    /** Fail unless the path is a directory; canonical (x86-64) value, see OpenFlags. */
    public static final int O_DIRECTORY = 0200000;
    /** Fail if the last component is a symlink; canonical (x86-64) value, see OpenFlags. */
    public static final int O_NOFOLLOW = 0400000;
    /** Do not update the access time. */
    public static final int O_NOATIME = 01000000;
    /** Set close-on-exec on the new descriptor. */
    public static final int O_CLOEXEC = 02000000;
    /** Synchronized file writes (__O_SYNC | O_DSYNC). */
    public static final int O_SYNC = 04010000;
    /** Open a path-only descriptor. */
    public static final int O_PATH = 010000000;
    /** Create an unnamed temporary file (__O_TMPFILE | O_DIRECTORY); canonical (x86-64) value, see OpenFlags. */
    public static final int O_TMPFILE = 020200000;

    // fcntl(2) commands
    /** Duplicate to the lowest descriptor at or above the argument. */
    public static final int F_DUPFD = 0;
    /** Get the descriptor flags. */
    public static final int F_GETFD = 1;
    /** Set the descriptor flags. */
    public static final int F_SETFD = 2;
    /** Get the file status flags. */
    public static final int F_GETFL = 3;
    /** Set the file status flags. */
    public static final int F_SETFL = 4;
    /** Test for a record lock. */
    public static final int F_GETLK = 5;
    /** Acquire or release a record lock without waiting. */
    public static final int F_SETLK = 6;
    /** Acquire or release a record lock, waiting. */
    public static final int F_SETLKW = 7;
    /** F_SETOWN as the kernel header defines it. */
    public static final int F_SETOWN = 8;
    /** F_GETOWN as the kernel header defines it. */
    public static final int F_GETOWN = 9;
    /** F_SETSIG as the kernel header defines it. */
    public static final int F_SETSIG = 10;
    /** F_GETSIG as the kernel header defines it. */
    public static final int F_GETSIG = 11;
    /** F_SETOWN_EX as the kernel header defines it. */
    public static final int F_SETOWN_EX = 15;
    /** F_GETOWN_EX as the kernel header defines it. */
    public static final int F_GETOWN_EX = 16;
    /** struct f_owner_ex's type: a thread, a process, a process group. */
    public static final int F_OWNER_TID = 0;
    public static final int F_OWNER_PID = 1;
    public static final int F_OWNER_PGRP = 2;
    /** sizeof(struct f_owner_ex): int type, pid_t pid. */
    public static final int F_OWNER_EX_SIZE = 8;
    /** F_OFD_GETLK as the kernel header defines it. */
    public static final int F_OFD_GETLK = 36;
    /** F_OFD_SETLK as the kernel header defines it. */
    public static final int F_OFD_SETLK = 37;
    /** F_OFD_SETLKW as the kernel header defines it. */
    public static final int F_OFD_SETLKW = 38;
    /** F_SETLEASE as the kernel header defines it. */
    public static final int F_SETLEASE = 1024;
    /** F_GETLEASE as the kernel header defines it. */
    public static final int F_GETLEASE = 1025;
    /** F_NOTIFY as the kernel header defines it. */
    public static final int F_NOTIFY = 1026;
    /** F_DUPFD with close-on-exec set. */
    public static final int F_DUPFD_CLOEXEC = 1030;
    /** F_SETPIPE_SZ as the kernel header defines it. */
    public static final int F_SETPIPE_SZ = 1031;
    /** F_GETPIPE_SZ as the kernel header defines it. */
    public static final int F_GETPIPE_SZ = 1032;
    /** F_ADD_SEALS as the kernel header defines it. */
    public static final int F_ADD_SEALS = 1033;
    /** F_GET_SEALS as the kernel header defines it. */
    public static final int F_GET_SEALS = 1034;

    // Lock types and seals
    /** F_RDLCK as the kernel header defines it. */
    public static final int F_RDLCK = 0;
    /** F_WRLCK as the kernel header defines it. */
    public static final int F_WRLCK = 1;
    /** F_UNLCK as the kernel header defines it. */
    public static final int F_UNLCK = 2;
    /** F_SEAL_SEAL as the kernel header defines it. */
    public static final int F_SEAL_SEAL = 1;
    /** F_SEAL_SHRINK as the kernel header defines it. */
    public static final int F_SEAL_SHRINK = 2;
    /** F_SEAL_GROW as the kernel header defines it. */
    public static final int F_SEAL_GROW = 4;
    /** F_SEAL_WRITE as the kernel header defines it. */
    public static final int F_SEAL_WRITE = 8;
    /** F_SEAL_FUTURE_WRITE as the kernel header defines it. */
    public static final int F_SEAL_FUTURE_WRITE = 16;

    // Descriptor flags
    /** The close-on-exec descriptor flag. */
    public static final int FD_CLOEXEC = 1;

    // *at(2) flags (linux/fcntl.h)
    /** The dirfd that means the current working directory. */
    public static final int AT_FDCWD = 0xffffff9c;
    /** Do not follow a trailing symlink. */
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** faccessat: check with the effective ids. */
    public static final int AT_EACCESS = 0x200;
    /** unlinkat: remove a directory. */
    public static final int AT_REMOVEDIR = 0x200;
    /** linkat: follow a trailing symlink. */
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    /** Do not trigger an automount. */
    public static final int AT_NO_AUTOMOUNT = 0x800;
    /** An empty path means dirfd itself. */
    public static final int AT_EMPTY_PATH = 0x1000;
    /** AT_STATX_SYNC_TYPE as the kernel header defines it. */
    public static final int AT_STATX_SYNC_TYPE = 0x6000;
    /** AT_STATX_SYNC_AS_STAT as the kernel header defines it. */
    public static final int AT_STATX_SYNC_AS_STAT = 0;
    /** AT_STATX_FORCE_SYNC as the kernel header defines it. */
    public static final int AT_STATX_FORCE_SYNC = 0x2000;
    /** AT_STATX_DONT_SYNC as the kernel header defines it. */
    public static final int AT_STATX_DONT_SYNC = 0x4000;
    /** Apply to the whole subtree. */
    public static final int AT_RECURSIVE = 0x8000;

    // access(2) modes (unistd.h)
    /** access: test for read permission. */
    public static final int R_OK = 4;
    /** access: test for write permission. */
    public static final int W_OK = 2;
    /** access: test for execute permission. */
    public static final int X_OK = 1;
    /** access: test for existence. */
    public static final int F_OK = 0;

    // lseek(2) whence (linux/fs.h)
    /** Seek from the start. */
    public static final int SEEK_SET = 0;
    /** Seek from the current offset. */
    public static final int SEEK_CUR = 1;
    /** Seek from the end. */
    public static final int SEEK_END = 2;
    /** Seek to the next data. */
    public static final int SEEK_DATA = 3;
    /** Seek to the next hole. */
    public static final int SEEK_HOLE = 4;

}
