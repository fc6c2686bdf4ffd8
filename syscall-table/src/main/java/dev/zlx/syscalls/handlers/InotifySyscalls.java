package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PATH;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Inotify;
import dev.zlx.kernel.Permissions;
import dev.zlx.kernel.Task;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Resolved;
import dev.zlx.vfs.notify.FsNotify;
import dev.zlx.vfs.notify.InotifyFile;

/**
 * inotify(7): inotify_init(2), inotify_init1(2), inotify_add_watch(2) and inotify_rm_watch(2).
 * The instances are {@link InotifyFile} descriptions; the events come from {@link FsNotify},
 * which sees every change made through zlx, and on hostfs from the host kernel's inotify, which
 * also sees what host processes change there.
 */
public final class InotifySyscalls {
    private static final String NOTE = "IN_UNMOUNT only when the host unmounts what a hostfs watch is on, "
            + "not for the guest's umount; max_user_instances is not enforced";

    public void register(SyscallRegistry r) {
        r.full("inotify_init", (t, a) -> inotifyInit1(t, 0));
        r.full("inotify_init1", (t, a) -> inotifyInit1(t, a.i32(0)), HEX);
        r.partial("inotify_add_watch", NOTE,
                (t, a) -> inotifyAddWatch(t, a.fd(0), PathAt.path(t, a.ptr(1)), a.i32(2)), FD, PATH, HEX);
        r.full("inotify_rm_watch", (t, a) -> inotifyRmWatch(t, a.fd(0), a.i32(1)), FD, INT);
    }

    /** inotify_init1(2): IN_NONBLOCK and IN_CLOEXEC, EINVAL for other flags. */
    static long inotifyInit1(Task t, int flags) {
        if ((flags & ~(Inotify.IN_NONBLOCK | Inotify.IN_CLOEXEC)) != 0) {
            throw Errno.EINVAL.exception();
        }
        return OpenSyscalls.install(t, new InotifyFile(flags), (flags & Inotify.IN_CLOEXEC) != 0);
    }

    /**
     * inotify_add_watch(2), checked in Linux's order: EINVAL for unknown bits, for no bit, for
     * IN_MASK_ADD with IN_MASK_CREATE; EBADF, EINVAL for a descriptor that is not an inotify
     * instance; then the path walk (IN_DONT_FOLLOW, ENOTDIR for IN_ONLYDIR) and EACCES without
     * read permission.
     */
    static long inotifyAddWatch(Task t, int fd, String path, int mask) {
        if ((mask & ~Inotify.ALL_INOTIFY_BITS) != 0 || (mask & Inotify.ALL_INOTIFY_BITS) == 0) {
            throw Errno.EINVAL.exception();
        }
        if ((mask & Inotify.IN_MASK_ADD) != 0 && (mask & Inotify.IN_MASK_CREATE) != 0) {
            throw Errno.EINVAL.exception();
        }
        InotifyFile instance = instance(t, fd);
        Resolved where = PathAt.resolve(t, Fcntl.AT_FDCWD, path, (mask & Inotify.IN_DONT_FOLLOW) == 0);
        if ((mask & Inotify.IN_ONLYDIR) != 0 && !where.inode().isDirectory()) {
            throw Errno.ENOTDIR.exception();
        }
        if (!Permissions.may(t.process().credentials(), where.inode().stat(), Permissions.MAY_READ)) {
            throw Errno.EACCES.exception();
        }
        return instance.addWatch(where.inode(), mask);
    }

    /** inotify_rm_watch(2): the watch ends with IN_IGNORED; EINVAL for an unknown wd. */
    static long inotifyRmWatch(Task t, int fd, int wd) {
        instance(t, fd).removeWatch(wd);
        return 0;
    }

    private static InotifyFile instance(Task t, int fd) {
        OpenFile file = t.process().fds().get(fd);
        if (!(file instanceof InotifyFile instance)) {
            throw Errno.EINVAL.exception();
        }
        return instance;
    }
}
