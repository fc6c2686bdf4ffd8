package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PATH;

import dev.zlx.abi.Errno;
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
        r.full("sync", (t, a) -> sync(t));
        r.full("syncfs", (t, a) -> syncfs(t, a.fd(0)), FD);
    }

    /** sync(2): every mounted file system the guest can write to is flushed; it never fails. */
    static long sync(Task t) {
        for (Mount m : t.process().kernel().mounts().list()) {
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
        OpenFile file = r.inode().open(Fcntl.O_WRONLY);
        try {
            file.truncate(length);
        } finally {
            file.close();
        }
        FsNotify.changed(r, Inotify.IN_MODIFY);
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
