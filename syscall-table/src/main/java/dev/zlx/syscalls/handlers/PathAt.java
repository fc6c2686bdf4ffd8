package dev.zlx.syscalls.handlers;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.OpenHow;
import dev.zlx.kernel.FsContext;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Owner;
import dev.zlx.vfs.ParentResolved;
import dev.zlx.vfs.Resolved;

/**
 * How the *at calls find their object: a path read from guest memory, resolved against the
 * process root and either the working directory (AT_FDCWD) or a directory descriptor.
 */
final class PathAt {
    private PathAt() {
    }

    /** Reads a path argument. */
    static String path(Task t, long addr) {
        return UserMemory.readPath(t.process().mm().space(), addr);
    }

    /** The directory relative paths start from: the cwd, or the directory behind dirfd. */
    static Resolved base(Task t, int dirfd, String path) {
        FsContext fs = t.process().fs();
        if (dirfd == Fcntl.AT_FDCWD || path.startsWith("/")) {
            return fs.cwd();
        }
        OpenFile f = t.process().fds().get(dirfd);
        Resolved where = f.location();
        if (where == null || !where.inode().isDirectory()) {
            throw Errno.ENOTDIR.exception();
        }
        return where;
    }

    /** Resolves path relative to dirfd; follows a final symlink when follow is set. */
    static Resolved resolve(Task t, int dirfd, String path, boolean follow) {
        return resolve(t, dirfd, path, follow, 0);
    }

    /** {@link #resolve(Task, int, String, boolean)} under openat2's RESOLVE_* flags. */
    static Resolved resolve(Task t, int dirfd, String path, boolean follow, int resolveFlags) {
        FsContext fs = t.process().fs();
        return t.process().walker().resolve(fs.root(), start(t, dirfd, path, resolveFlags), path, follow,
                resolveFlags, t.process().searchPermission());
    }

    /** Resolves all but the last component of path, relative to dirfd. */
    static ParentResolved parent(Task t, int dirfd, String path) {
        return parent(t, dirfd, path, 0);
    }

    /** {@link #parent(Task, int, String)} under openat2's RESOLVE_* flags. */
    static ParentResolved parent(Task t, int dirfd, String path, int resolveFlags) {
        FsContext fs = t.process().fs();
        return t.process().walker().resolveParent(fs.root(), start(t, dirfd, path, resolveFlags), path,
                resolveFlags, t.process().searchPermission());
    }

    /** Where a walk starts: with RESOLVE_IN_ROOT the directory is the root even for absolute paths. */
    private static Resolved start(Task t, int dirfd, String path, int resolveFlags) {
        boolean inRoot = (resolveFlags & OpenHow.RESOLVE_IN_ROOT) != 0;
        return base(t, dirfd, inRoot && path.startsWith("/") ? "." : path);
    }

    /** Who a file the task creates belongs to: its fsuid and fsgid. */
    static Owner owner(Task t) {
        var c = t.process().credentials();
        return new Owner(c.fsuid(), c.fsgid());
    }

    /**
     * The owner of a file t creates in directory dir: its fs ids, which the user namespace of
     * dir's file system must map (EOVERFLOW otherwise, as may_create).
     */
    static Owner creator(Task t, Resolved dir) {
        dev.zlx.kernel.SuperblockOwners.requireMapped(t.process().credentials(), dir.mount().fileSystem());
        return owner(t);
    }

    /** Whether a mount is read-only (writes get EROFS). */
    static void requireWritableMount(Resolved where) {
        if (where.mount().readOnly() || where.mount().fileSystem().readOnly()) {
            throw Errno.EROFS.exception();
        }
    }
}
