package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.AT_FLAGS;
import static dev.zlx.syscalls.trace.ArgKind.DIRFD;
import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.MODE;
import static dev.zlx.syscalls.trace.ArgKind.PATH;
import static dev.zlx.syscalls.trace.ArgKind.PTR;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.Inotify;
import dev.zlx.abi.StatMode;
import dev.zlx.abi.Timespec;
import dev.zlx.abi.Timeval;
import dev.zlx.abi.Utimbuf;
import dev.zlx.kernel.Permissions;
import dev.zlx.kernel.Privilege;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Resolved;
import dev.zlx.vfs.notify.FsNotify;

/**
 * Changing a file's attributes: the chmod(2) family with fchmodat2, the chown(2) family, and
 * the times: utimensat(2), futimesat(2), utimes(2) and utime(2).
 */
public final class AttributeSyscalls {
    /** utimensat's special tv_nsec values. */
    private static final String CHOWN_NOTE = "hostfs keeps the owner in the host attribute user.containers.override_stat "
            + "(in memory for the run where the host file system has no user attributes); host files stay the zlx user's";
    private static final String CHMOD_NOTE = "on hostfs the host file keeps at least u+rw (u+rwx for a directory); the "
            + "guest's mode, with set-ID and sticky bits, is kept in user.containers.override_stat";

    public void register(SyscallRegistry r) {
        r.partial("chmod", CHMOD_NOTE,
                (t, a) -> fchmodat(t, Fcntl.AT_FDCWD, PathAt.path(t, a.ptr(0)), a.i32(1)), PATH, MODE);
        r.partial("fchmodat", CHMOD_NOTE,
                (t, a) -> fchmodat(t, a.fd(0), PathAt.path(t, a.ptr(1)), a.i32(2)), DIRFD, PATH, MODE);
        r.partial("fchmod", CHMOD_NOTE, (t, a) -> fchmod(t, a.fd(0), a.i32(1)), FD, MODE);
        r.partial("chown", CHOWN_NOTE, (t, a) -> fchownat(t, Fcntl.AT_FDCWD, PathAt.path(t, a.ptr(0)), a.i32(1),
                a.i32(2), 0), PATH, INT, INT);
        r.partial("lchown", CHOWN_NOTE, (t, a) -> fchownat(t, Fcntl.AT_FDCWD, PathAt.path(t, a.ptr(0)), a.i32(1),
                a.i32(2), Fcntl.AT_SYMLINK_NOFOLLOW), PATH, INT, INT);
        r.partial("fchown", CHOWN_NOTE, (t, a) -> fchown(t, a.fd(0), a.i32(1), a.i32(2)), FD, INT, INT);
        r.partial("fchownat", CHOWN_NOTE, (t, a) -> fchownat(t, a.fd(0), PathAt.path(t, a.ptr(1)), a.i32(2),
                a.i32(3), a.i32(4)), DIRFD, PATH, INT, INT, AT_FLAGS);
        r.partial("fchmodat2", CHMOD_NOTE,
                (t, a) -> fchmodat2(t, a.fd(0), a.ptr(1), a.i32(2), a.i32(3)), DIRFD, PATH, MODE, AT_FLAGS);
        r.full("utimensat", (t, a) -> utimensat(t, a.fd(0), a.ptr(1), a.ptr(2), a.i32(3)), DIRFD, PATH, PTR, AT_FLAGS);
        r.full("futimesat", (t, a) -> futimesat(t, a.fd(0), a.ptr(1), a.ptr(2)), DIRFD, PATH, PTR);
        r.full("utimes", (t, a) -> futimesat(t, Fcntl.AT_FDCWD, a.ptr(0), a.ptr(1)), PATH, PTR);
        r.full("utime", (t, a) -> utime(t, a.ptr(0), a.ptr(1)), PATH, PTR);
    }

    static long fchmodat(Task t, int dirfd, String path, int mode) {
        chmod(t, PathAt.resolve(t, dirfd, path, true), mode);
        return 0;
    }

    /**
     * fchmodat2(2): fchmodat with flags — AT_SYMLINK_NOFOLLOW changes the link itself, which no
     * Linux file system allows (EOPNOTSUPP), AT_EMPTY_PATH the file dirfd refers to.
     */
    static long fchmodat2(Task t, int dirfd, long pathAddr, int mode, int flags) {
        if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_EMPTY_PATH)) != 0) {
            throw Errno.EINVAL.exception();
        }
        Resolved where = locate(t, dirfd, pathAddr, flags);
        if (where.inode().isSymlink()) {
            throw Errno.EOPNOTSUPP.exception();
        }
        chmod(t, where, mode);
        return 0;
    }

    /**
     * What an *at call with a path and flags names: the file dirfd refers to for a null path
     * (pathAddr 0, as utimensat allows) or an empty one with AT_EMPTY_PATH, else the path,
     * followed unless AT_SYMLINK_NOFOLLOW.
     */
    private static Resolved locate(Task t, int dirfd, long pathAddr, int flags) {
        if (pathAddr == 0) {
            if (dirfd == Fcntl.AT_FDCWD) {
                throw Errno.EFAULT.exception();
            }
            return located(t, dirfd);
        }
        String path = PathAt.path(t, pathAddr);
        if (path.isEmpty() && (flags & Fcntl.AT_EMPTY_PATH) != 0) {
            return dirfd == Fcntl.AT_FDCWD ? t.process().fs().cwd() : located(t, dirfd);
        }
        return PathAt.resolve(t, dirfd, path, (flags & Fcntl.AT_SYMLINK_NOFOLLOW) == 0);
    }

    static long fchmod(Task t, int fd, int mode) {
        chmod(t, located(t, fd), mode);
        return 0;
    }

    private static Resolved located(Task t, int fd) {
        OpenFile f = t.process().fds().get(fd);
        if (f.location() == null) {
            throw Errno.EBADF.exception();
        }
        return f.location();
    }

    private static void chmod(Task t, Resolved where, int mode) {
        requireOwner(t, where);
        PathAt.requireWritableMount(where);
        where.inode().chmod(mode & 07777);
        FsNotify.changed(where, Inotify.IN_ATTRIB);
    }

    static long fchownat(Task t, int dirfd, String path, int uid, int gid, int flags) {
        if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_EMPTY_PATH)) != 0) {
            throw Errno.EINVAL.exception();
        }
        Resolved where;
        if (path.isEmpty() && (flags & Fcntl.AT_EMPTY_PATH) != 0) {
            where = dirfd == Fcntl.AT_FDCWD ? t.process().fs().cwd() : located(t, dirfd);
        } else {
            where = PathAt.resolve(t, dirfd, path, (flags & Fcntl.AT_SYMLINK_NOFOLLOW) == 0);
        }
        chown(t, where, uid, gid);
        return 0;
    }

    static long fchown(Task t, int fd, int uid, int gid) {
        chown(t, located(t, fd), uid, gid);
        return 0;
    }

    /**
     * chown_common and chown_ok: root may give the file to anyone; its owner may only set the
     * group to one of its own groups and leave the owner as it is. A non-directory loses its
     * set-user-ID bit, and its set-group-ID bit when group-executable (ATTR_KILL_SUID/SGID).
     */
    private static void chown(Task t, Resolved where, int userId, int groupId) {
        var cred = t.process().credentials();
        int uid = kernelId(cred.userNs().kernelUid(Integer.toUnsignedLong(userId)), userId);
        int gid = kernelId(cred.userNs().kernelGid(Integer.toUnsignedLong(groupId)), groupId);
        FileStat st = where.inode().stat();
        if (!Privilege.overFile(cred, st)) { // CAP_CHOWN
            boolean uidOk = uid == -1 || uid == st.uid();
            boolean gidOk = gid == -1 || gid == st.gid() || (cred.fsuid() == st.uid() && Permissions.inGroup(cred, gid));
            if (!uidOk || !gidOk || (cred.fsuid() != st.uid() && (uid != -1 || gid != -1))) {
                throw Errno.EPERM.exception();
            }
        }
        PathAt.requireWritableMount(where);
        where.inode().chown(uid, gid);
        int mode = st.mode();
        if ((mode & StatMode.S_IFMT) != StatMode.S_IFDIR && (mode & StatMode.S_IFMT) != StatMode.S_IFLNK) {
            int kept = mode & ~StatMode.S_ISUID;
            if ((mode & StatMode.S_IXGRP) != 0) {
                kept &= ~StatMode.S_ISGID;
            }
            if (kept != mode) {
                where.inode().chmod(kept & 07777);
            }
        }
        FsNotify.changed(where, Inotify.IN_ATTRIB);
    }


    /** chown_common: -1 leaves the owner (group) as is; an id the caller's namespace does not map is EINVAL. */
    private static int kernelId(long mapped, int id) {
        if (id == -1) {
            return id;
        }
        if (mapped == dev.zlx.kernel.IdMap.INVALID) {
            throw Errno.EINVAL.exception();
        }
        return (int) mapped;
    }

    private static void requireOwner(Task t, Resolved where) {
        var cred = t.process().credentials();
        FileStat st = where.inode().stat();
        if (!Privilege.overFile(cred, st) && cred.fsuid() != st.uid()) { // inode_owner_or_capable
            throw Errno.EPERM.exception();
        }
    }

    /**
     * utimensat(2): a null path (pathAddr 0) means the file dirfd refers to; times null means
     * both now; UTIME_NOW and UTIME_OMIT per field.
     */
    static long utimensat(Task t, int dirfd, long pathAddr, long times, int flags) {
        if ((flags & ~(Fcntl.AT_SYMLINK_NOFOLLOW | Fcntl.AT_EMPTY_PATH)) != 0) {
            throw Errno.EINVAL.exception();
        }
        Resolved where = locate(t, dirfd, pathAddr, flags);
        long now = t.process().kernel().realtimeNanos();
        Long atime = now;
        Long mtime = now;
        boolean explicit = false;
        if (times != 0) {
            byte[] raw = UserMemory.read(t.process().mm().space(), times, 2 * Timespec.SIZE);
            atime = timeOf(Timespec.read(raw, 0), now);
            mtime = timeOf(Timespec.read(raw, Timespec.SIZE), now);
            explicit = (atime != null && atime != now) || (mtime != null && mtime != now);
            if (atime == null && mtime == null) {
                return 0;
            }
        }
        return setTimes(t, where, atime, mtime, explicit);
    }

    /**
     * futimesat(2) and utimes(2): times as two struct timeval (microseconds, EINVAL outside
     * 0..999999), or null for now; a null path names the file dirfd refers to.
     */
    static long futimesat(Task t, int dirfd, long pathAddr, long times) {
        Resolved where = locate(t, dirfd, pathAddr, 0);
        long now = t.process().kernel().realtimeNanos();
        if (times == 0) {
            return setTimes(t, where, now, now, false);
        }
        byte[] raw = UserMemory.read(t.process().mm().space(), times, 2 * Timeval.SIZE);
        Timeval a = Timeval.read(raw, 0);
        Timeval m = Timeval.read(raw, Timeval.SIZE);
        if (a.usec() < 0 || a.usec() >= 1_000_000 || m.usec() < 0 || m.usec() >= 1_000_000) {
            throw Errno.EINVAL.exception();
        }
        return setTimes(t, where, a.sec() * 1_000_000_000L + a.usec() * 1000, m.sec() * 1_000_000_000L + m.usec() * 1000,
                true);
    }

    /** utime(2) (x86-64 only): struct utimbuf's two times in seconds, or null for now. */
    static long utime(Task t, long pathAddr, long times) {
        Resolved where = locate(t, Fcntl.AT_FDCWD, pathAddr, 0);
        long now = t.process().kernel().realtimeNanos();
        if (times == 0) {
            return setTimes(t, where, now, now, false);
        }
        Utimbuf u = Utimbuf.read(UserMemory.read(t.process().mm().space(), times, Utimbuf.SIZE), 0);
        return setTimes(t, where, u.actime() * 1_000_000_000L, u.modtime() * 1_000_000_000L, true);
    }

    /**
     * The permission check and the change of utimensat and its older forms (vfs_utimes): null
     * leaves a time as it is; explicit times need ownership, "now" write permission.
     */
    private static long setTimes(Task t, Resolved where, Long atime, Long mtime, boolean explicit) {
        var cred = t.process().credentials();
        FileStat st = where.inode().stat();
        if (!Privilege.overFile(cred, st) && cred.fsuid() != st.uid()) {
            // Setting explicit times needs ownership; "now" needs write permission.
            if (explicit || !Permissions.may(t.process().credentials(), where.inode().stat(), Permissions.MAY_WRITE)) {
                throw (explicit ? Errno.EPERM : Errno.EACCES).exception();
            }
        }
        PathAt.requireWritableMount(where);
        where.inode().setTimes(atime, mtime);
        // fsnotify_change: both times are an attribute change, one alone an access or a modification.
        FsNotify.changed(where, atime != null && mtime != null ? Inotify.IN_ATTRIB
                : atime != null ? Inotify.IN_ACCESS : Inotify.IN_MODIFY);
        return 0;
    }

    private static Long timeOf(Timespec ts, long now) {
        if (ts.nsec() == Timespec.UTIME_OMIT) {
            return null;
        }
        if (ts.nsec() == Timespec.UTIME_NOW) {
            return now;
        }
        if (ts.nsec() < 0 || ts.nsec() >= 1_000_000_000L) {
            throw Errno.EINVAL.exception();
        }
        return ts.sec() * 1_000_000_000L + ts.nsec();
    }
}
