package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.LONG;
import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PATH;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Falloc;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Inotify;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.StatMode;
import dev.zlx.kernel.Permissions;
import dev.zlx.kernel.Task;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.Mount;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Resolved;
import dev.zlx.vfs.notify.FsNotify;

/**
 * A file's size and durability: truncate(2), ftruncate(2), fsync(2), fdatasync(2), sync(2) and
 * syncfs(2).
 */
public final class SizeAndSyncSyscalls {
    public void register(SyscallRegistry r) {
        r.full("ftruncate", (t, a) -> ftruncate(t, a.fd(0), a.raw(1)), FD, INT);
        r.full("truncate", (t, a) -> truncate(t, a.ptr(0), a.raw(1)), PATH, INT);
        r.partial("fsync", DIRECTORY_NOTE, (t, a) -> fsync(t, a.fd(0), false), FD);
        r.partial("fdatasync", DIRECTORY_NOTE, (t, a) -> fsync(t, a.fd(0), true), FD);
        r.partial("fallocate", "tmpfs supports mode 0, KEEP_SIZE and PUNCH_HOLE as Linux's does; hostfs asks "
                + "the host's fallocate; other file systems answer EOPNOTSUPP",
                (t, a) -> fallocate(t, a.fd(0), a.i32(1), a.i64(2), a.i64(3)), FD, HEX, LONG, LONG);
        r.full("sync", (t, a) -> sync(t));
        r.full("syncfs", (t, a) -> syncfs(t, a.fd(0)), FD);
    }

    /** sync(2): every mounted file system the guest can write to is flushed; it never fails. */
    static long sync(Task t) {
        for (Mount m : t.process().mountNamespace().mounts().list()) {
            if (!m.readOnly()) {
                try {
                    m.fileSystem().sync();
                } catch (LinuxException ignored) {
                    // sync(2) reports nothing; syncfs(2) is the call that tells about errors.
                }
            }
        }
        return 0;
    }

    /**
     * syncfs(2): the file system holding fd is flushed; descriptors without a place in the tree
     * (pipes, eventfds) belong to in-memory file systems with nothing to flush.
     */
    static long syncfs(Task t, int fd) {
        OpenFile file = t.process().fds().get(fd);
        Resolved where = file.location();
        if (where != null && where.mount() != null) {
            where.mount().fileSystem().sync();
        }
        return 0;
    }

    private static final String DIRECTORY_NOTE = "on a directory it succeeds without asking the host to sync the "
            + "directory itself";

    /**
     * ftruncate(2): EINVAL for a negative length, and for a descriptor that is not open for
     * writing or not a regular file (do_sys_ftruncate); EBADF for no descriptor.
     */
    static long ftruncate(Task t, int fd, long length) {
        if (length < 0) {
            throw Errno.EINVAL.exception();
        }
        OpenFile file = t.process().fds().get(fd);
        if (file instanceof PathOnlyFile) {
            throw Errno.EBADF.exception();
        }
        if (!file.writable() || !isRegular(file)) {
            throw Errno.EINVAL.exception();
        }
        file.truncate(length);
        FsNotify.modified(file);
        return 0;
    }

    /**
     * truncate(2): the path is followed; EISDIR for a directory, EINVAL for another non-regular
     * file, EACCES without write permission (vfs_truncate).
     */
    static long truncate(Task t, long pathAddr, long length) {
        String path = PathAt.path(t, pathAddr);
        if (length < 0) {
            throw Errno.EINVAL.exception();
        }
        Resolved r = PathAt.resolve(t, Fcntl.AT_FDCWD, path, true);
        var st = r.inode().stat();
        if ((st.mode() & StatMode.S_IFMT) == StatMode.S_IFDIR) {
            throw Errno.EISDIR.exception();
        }
        if ((st.mode() & StatMode.S_IFMT) != StatMode.S_IFREG) {
            throw Errno.EINVAL.exception();
        }
        if (!Permissions.may(t.process().credentials(), st, Permissions.MAY_WRITE)) {
            throw Errno.EACCES.exception();
        }
        r.inode().setLength(length);
        FsNotify.changed(r, Inotify.IN_MODIFY);
        return 0;
    }

    /**
     * fallocate(2) as vfs_fallocate checks it before the file system: EINVAL for a negative
     * offset or a length not above 0; EOPNOTSUPP for unknown bits, more than one operation,
     * PUNCH_HOLE without KEEP_SIZE, or COLLAPSE_RANGE, INSERT_RANGE or WRITE_ZEROES with it (as
     * Linux 6.11 on checks them); EBADF unless open for writing; ESPIPE for
     * a pipe, EISDIR for a directory, ENODEV for anything else but a regular file; EFBIG when
     * the range wraps.
     */
    static long fallocate(Task t, int fd, int mode, long offset, long length) {
        OpenFile file = t.process().fds().get(fd);
        if (file.isPathOnly()) {
            throw Errno.EBADF.exception();
        }
        if (offset < 0 || length <= 0) {
            throw Errno.EINVAL.exception();
        }
        if ((mode & ~(Falloc.FALLOC_FL_MODE_MASK | Falloc.FALLOC_FL_KEEP_SIZE)) != 0) {
            throw Errno.EOPNOTSUPP.exception();
        }
        boolean keepSize = (mode & Falloc.FALLOC_FL_KEEP_SIZE) != 0;
        switch (mode & Falloc.FALLOC_FL_MODE_MASK) {
            case 0, Falloc.FALLOC_FL_UNSHARE_RANGE, Falloc.FALLOC_FL_ZERO_RANGE -> {
            }
            case Falloc.FALLOC_FL_PUNCH_HOLE -> {
                if (!keepSize) {
                    throw Errno.EOPNOTSUPP.exception();
                }
            }
            case Falloc.FALLOC_FL_COLLAPSE_RANGE, Falloc.FALLOC_FL_INSERT_RANGE, Falloc.FALLOC_FL_WRITE_ZEROES -> {
                if (keepSize) {
                    throw Errno.EOPNOTSUPP.exception();
                }
            }
            default -> throw Errno.EOPNOTSUPP.exception(); // more than one operation
        }
        if (!file.writable()) {
            throw Errno.EBADF.exception();
        }
        int type = file.stat().mode() & StatMode.S_IFMT;
        if (type == StatMode.S_IFIFO) {
            throw Errno.ESPIPE.exception();
        }
        if (type == StatMode.S_IFDIR) {
            throw Errno.EISDIR.exception();
        }
        if (type != StatMode.S_IFREG) {
            throw Errno.ENODEV.exception();
        }
        if (offset + length < 0) {
            throw Errno.EFBIG.exception();
        }
        file.allocate(mode, offset, length);
        return 0;
    }

    /** fsync(2) and fdatasync(2): EINVAL for files that cannot be synchronised (pipes, devices). */
    static long fsync(Task t, int fd, boolean dataOnly) {
        OpenFile file = t.process().fds().get(fd);
        if (file instanceof PathOnlyFile) {
            throw Errno.EBADF.exception();
        }
        file.sync(dataOnly);
        return 0;
    }

    /** By the description's own fstat: the file may have been unlinked since it was opened. */
    private static boolean isRegular(OpenFile file) {
        return file.inode() != null && (file.stat().mode() & StatMode.S_IFMT) == StatMode.S_IFREG;
    }
}
