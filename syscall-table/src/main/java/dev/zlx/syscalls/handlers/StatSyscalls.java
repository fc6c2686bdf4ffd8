package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.AT_FLAGS;
import static dev.zlx.syscalls.trace.ArgKind.BUF_OUT;
import static dev.zlx.syscalls.trace.ArgKind.DIRFD;
import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PATH;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.StatLayout;
import dev.zlx.abi.StatMode;
import dev.zlx.abi.Statfs;
import dev.zlx.abi.Statx;
import dev.zlx.abi.StatxLayout;
import dev.zlx.kernel.Credentials;
import dev.zlx.kernel.Permissions;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Resolved;
import java.nio.charset.StandardCharsets;

/** The stat family, statx(2), access(2) and faccessat(2), readlink(2). */
public final class StatSyscalls {
    private static final int FACCESSAT_FLAGS = Fcntl.AT_EACCESS | Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_EMPTY_PATH;

    public void register(SyscallRegistry r) {
        r.full("stat", (t, a) -> fstatat(t, Fcntl.AT_FDCWD, a.ptr(0), a.ptr(1), 0), PATH, PTR);
        r.full("lstat", (t, a) -> fstatat(t, Fcntl.AT_FDCWD, a.ptr(0), a.ptr(1), Fcntl.AT_SYMLINK_NOFOLLOW), PATH, PTR);
        r.full("fstat", (t, a) -> fstat(t, a.fd(0), a.ptr(1)), FD, PTR);
        r.full("newfstatat", (t, a) -> fstatat(t, a.fd(0), a.ptr(1), a.ptr(2), a.i32(3)), DIRFD, PATH, PTR, AT_FLAGS);
        r.partial("statx", "no birth time (STATX_BTIME is never set); mount ids are 0",
                (t, a) -> statx(t, a.fd(0), a.ptr(1), a.i32(2), a.i32(3), a.ptr(4)), DIRFD, PATH, AT_FLAGS, HEX, PTR);
        r.full("access", (t, a) -> faccessat(t, Fcntl.AT_FDCWD, a.ptr(0), a.i32(1), 0), PATH, INT);
        r.full("faccessat", (t, a) -> faccessat(t, a.fd(0), a.ptr(1), a.i32(2), 0), DIRFD, PATH, INT);
        r.full("faccessat2", (t, a) -> faccessat(t, a.fd(0), a.ptr(1), a.i32(2), a.i32(3)), DIRFD, PATH, INT, AT_FLAGS);
        r.partial("statfs", "file and inode counts of hostfs are not reported (0)",
                (t, a) -> statfs(t, PathAt.resolve(t, Fcntl.AT_FDCWD, PathAt.path(t, a.ptr(0)), true), a.ptr(1)),
                PATH, PTR);
        r.partial("fstatfs", "file and inode counts of hostfs are not reported (0)",
                (t, a) -> statfs(t, fdLocation(t, a.fd(0)), a.ptr(1)), FD, PTR);
        r.full("readlink", (t, a) -> readlinkat(t, Fcntl.AT_FDCWD, a.ptr(0), a.ptr(1), a.i32(2)), PATH, BUF_OUT, SIZE);
        r.full("readlinkat", (t, a) -> readlinkat(t, a.fd(0), a.ptr(1), a.ptr(2), a.i32(3)), DIRFD, PATH, BUF_OUT, SIZE);
    }

    /** The object an *at call with AT_EMPTY_PATH / AT_SYMLINK_NOFOLLOW names. */
    private static FileStat statAt(Task t, int dirfd, long pathAddr, int flags) {
        String path = PathAt.path(t, pathAddr);
        if (path.isEmpty()) {
            if ((flags & Fcntl.AT_EMPTY_PATH) == 0) {
                throw Errno.ENOENT.exception();
            }
            if (dirfd == Fcntl.AT_FDCWD) {
                return t.process().fs().cwd().inode().stat();
            }
            return t.process().fds().get(dirfd).stat();
        }
        return PathAt.resolve(t, dirfd, path, (flags & Fcntl.AT_SYMLINK_NOFOLLOW) == 0).inode().stat();
    }

    static long fstatat(Task t, int dirfd, long pathAddr, long statbuf, int flags) {
        if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_EMPTY_PATH | Fcntl.AT_NO_AUTOMOUNT)) != 0) {
            throw Errno.EINVAL.exception();
        }
        writeStat(t, statbuf, statAt(t, dirfd, pathAddr, flags));
        return 0;
    }

    static long fstat(Task t, int fd, long statbuf) {
        writeStat(t, statbuf, t.process().fds().get(fd).stat());
        return 0;
    }

    private static void writeStat(Task t, long addr, FileStat st) {
        UserMemory.write(t.process().mm().space(), addr, StatLayout.encode(t.process().arch(), asSeen(t, st)));
    }

    /** st_uid and st_gid as the caller's user namespace sees the owner (overflowuid if unmapped). */
    private static FileStat asSeen(Task t, FileStat st) {
        var ns = t.process().credentials().userNs();
        return st.withOwner(ns.uidOf(st.uid()), ns.gidOf(st.gid()));
    }

    static long statx(Task t, int dirfd, long pathAddr, int flags, int mask, long buf) {
        if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_EMPTY_PATH | Fcntl.AT_NO_AUTOMOUNT
                | Fcntl.AT_STATX_SYNC_TYPE)) != 0 || (flags & Fcntl.AT_STATX_SYNC_TYPE) == Fcntl.AT_STATX_SYNC_TYPE) {
            throw Errno.EINVAL.exception();
        }
        if ((mask & 0x80000000) != 0) {
            throw Errno.EINVAL.exception();
        }
        FileStat st = asSeen(t, statAt(t, dirfd, pathAddr, flags));
        UserMemory.write(t.process().mm().space(), buf,
                StatxLayout.encode(st, Statx.STATX_BASIC_STATS, 0, 0, null, 0));
        return 0;
    }

    static long faccessat(Task t, int dirfd, long pathAddr, int mode, int flags) {
        if ((mode & ~7) != 0 || (flags & ~FACCESSAT_FLAGS) != 0) {
            throw Errno.EINVAL.exception();
        }
        String path = PathAt.path(t, pathAddr);
        Resolved where;
        if (path.isEmpty()) {
            if ((flags & Fcntl.AT_EMPTY_PATH) == 0) {
                throw Errno.ENOENT.exception();
            }
            OpenFile f = dirfd == Fcntl.AT_FDCWD ? null : t.process().fds().get(dirfd);
            where = f == null ? t.process().fs().cwd() : f.location();
            if (where == null) {
                return 0;
            }
        } else {
            where = PathAt.resolve(t, dirfd, path, (flags & Fcntl.AT_SYMLINK_NOFOLLOW) == 0);
        }
        if (mode == Fcntl.F_OK) {
            return 0;
        }
        Credentials c = t.process().credentials();
        if ((flags & Fcntl.AT_EACCESS) == 0) {
            // access(2) checks with the real ids, not the effective ones.
            c = new Credentials(c.uid(), c.uid(), c.suid(), c.uid(), c.gid(), c.gid(), c.sgid(), c.gid(), c.groups());
        }
        if ((mode & Fcntl.W_OK) != 0 && (where.mount().readOnly() || where.mount().fileSystem().readOnly())
                && !where.inode().isDirectory() && (where.inode().stat().mode() & StatMode.S_IFMT) == StatMode.S_IFREG) {
            throw Errno.EROFS.exception();
        }
        if (!Permissions.may(c, where.inode(), mode)) {
            throw Errno.EACCES.exception();
        }
        return 0;
    }

    private static Resolved fdLocation(Task t, int fd) {
        Resolved where = t.process().fds().get(fd).location();
        if (where == null) {
            // Pipes and other anonymous files live on internal file systems: report a tmpfs-like one.
            return null;
        }
        return where;
    }

    static long statfs(Task t, Resolved where, long buf) {
        Statfs fs = where == null ? new Statfs(Statfs.TMPFS_MAGIC, 4096, 0, 0, 0, 0, 0, 255, 0)
                : where.mount().fileSystem().statfs();
        // The ST_* bits are the MS_* bits of the same meaning (except ST_RELATIME, MS_NOSYMFOLLOW).
        long flags = fs.flags() | Statfs.ST_VALID | (where == null ? 0 : Statfs.ofMountFlags(where.mount().flags()));
        Statfs shown = new Statfs(fs.type(), fs.blockSize(), fs.blocks(), fs.freeBlocks(), fs.availableBlocks(),
                fs.files(), fs.freeFiles(), fs.nameMax(), flags);
        UserMemory.write(t.process().mm().space(), buf, shown.encode());
        return 0;
    }

    static long readlinkat(Task t, int dirfd, long pathAddr, long buf, int size) {
        if (size <= 0) {
            throw Errno.EINVAL.exception();
        }
        String path = PathAt.path(t, pathAddr);
        Resolved where;
        if (path.isEmpty()) {
            OpenFile f = dirfd == Fcntl.AT_FDCWD ? null : t.process().fds().get(dirfd);
            if (f == null || f.location() == null) {
                throw Errno.ENOENT.exception();
            }
            where = f.location();
        } else {
            where = PathAt.resolve(t, dirfd, path, false);
        }
        byte[] target = where.inode().readlink().getBytes(StandardCharsets.UTF_8);
        int n = Math.min(size, target.length);
        t.process().mm().space().write(buf, target, 0, n);
        return n;
    }
}
