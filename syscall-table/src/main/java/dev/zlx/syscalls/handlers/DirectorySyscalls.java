package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.AT_FLAGS;
import static dev.zlx.syscalls.trace.ArgKind.DIRFD;
import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.MODE;
import static dev.zlx.syscalls.trace.ArgKind.PATH;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;

import dev.zlx.abi.Dirent64;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Inotify;
import dev.zlx.abi.Renameat;
import dev.zlx.abi.StatMode;
import dev.zlx.kernel.Permissions;
import dev.zlx.kernel.Privilege;
import dev.zlx.kernel.Task;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.MagicLink;
import dev.zlx.vfs.MountTable;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.ParentResolved;
import dev.zlx.vfs.Resolved;
import dev.zlx.vfs.notify.FsNotify;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The directory tree: reading directories, the working directory, creating, removing and
 * renaming entries, and the umask.
 */
public final class DirectorySyscalls {
    private final CompatReport report;

    public DirectorySyscalls(CompatReport report) {
        this.report = report;
    }

    public void register(SyscallRegistry r) {
        r.full("getdents64", (t, a) -> getdents64(t, a.fd(0), a.ptr(1), a.u32(2)), FD, PTR, SIZE);
        r.full("getcwd", (t, a) -> getcwd(t, a.ptr(0), a.size(1)), PTR, SIZE);
        r.full("chdir", (t, a) -> chdir(t, PathAt.path(t, a.ptr(0))), PATH);
        r.full("fchdir", (t, a) -> fchdir(t, a.fd(0)), FD);
        r.full("mkdir", (t, a) -> mkdirat(t, Fcntl.AT_FDCWD, PathAt.path(t, a.ptr(0)), a.i32(1)), PATH, MODE);
        r.full("mkdirat", (t, a) -> mkdirat(t, a.fd(0), PathAt.path(t, a.ptr(1)), a.i32(2)), DIRFD, PATH, MODE);
        r.full("unlink", (t, a) -> unlinkat(t, Fcntl.AT_FDCWD, PathAt.path(t, a.ptr(0)), 0), PATH);
        r.full("rmdir", (t, a) -> unlinkat(t, Fcntl.AT_FDCWD, PathAt.path(t, a.ptr(0)), Fcntl.AT_REMOVEDIR), PATH);
        r.full("unlinkat", (t, a) -> unlinkat(t, a.fd(0), PathAt.path(t, a.ptr(1)), a.i32(2)), DIRFD, PATH, AT_FLAGS);
        r.full("rename", (t, a) -> renameat2(t, Fcntl.AT_FDCWD, PathAt.path(t, a.ptr(0)), Fcntl.AT_FDCWD,
                PathAt.path(t, a.ptr(1)), 0), PATH, PATH);
        r.full("renameat", (t, a) -> renameat2(t, a.fd(0), PathAt.path(t, a.ptr(1)), a.fd(2),
                PathAt.path(t, a.ptr(3)), 0), DIRFD, PATH, DIRFD, PATH);
        r.partial("renameat2", "RENAME_EXCHANGE on tmpfs, and on hostfs where the host's file system can; "
                + "RENAME_WHITEOUT returns EINVAL",
                (t, a) -> renameat2(t, a.fd(0), PathAt.path(t, a.ptr(1)), a.fd(2), PathAt.path(t, a.ptr(3)),
                        a.i32(4)), DIRFD, PATH, DIRFD, PATH, HEX);
        r.full("symlink", (t, a) -> symlinkat(t, PathAt.path(t, a.ptr(0)), Fcntl.AT_FDCWD, PathAt.path(t, a.ptr(1))),
                PATH, PATH);
        r.full("symlinkat", (t, a) -> symlinkat(t, PathAt.path(t, a.ptr(0)), a.fd(1), PathAt.path(t, a.ptr(2))),
                PATH, DIRFD, PATH);
        r.full("link", (t, a) -> linkat(t, Fcntl.AT_FDCWD, PathAt.path(t, a.ptr(0)), Fcntl.AT_FDCWD,
                PathAt.path(t, a.ptr(1)), 0), PATH, PATH);
        r.full("linkat", (t, a) -> linkat(t, a.fd(0), PathAt.path(t, a.ptr(1)), a.fd(2), PathAt.path(t, a.ptr(3)),
                a.i32(4)), DIRFD, PATH, DIRFD, PATH, AT_FLAGS);
        r.full("mknod", (t, a) -> mknodat(t, Fcntl.AT_FDCWD, PathAt.path(t, a.ptr(0)), a.i32(1), a.u32(2)),
                PATH, MODE, HEX);
        r.full("mknodat", (t, a) -> mknodat(t, a.fd(0), PathAt.path(t, a.ptr(1)), a.i32(2), a.u32(3)),
                DIRFD, PATH, MODE, HEX);
        r.full("umask", (t, a) -> t.process().fs().swapUmask(a.i32(0)), MODE);
    }

    static long getdents64(Task t, int fd, long dirp, long count) {
        OpenFile f = t.process().fds().get(fd);
        int size = (int) Math.min(count, 1 << 20);
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        int entries = f.readDirectory((ino, next, type, name) ->
                Dirent64.append(out, ino, next, type, name.getBytes(StandardCharsets.UTF_8)));
        if (entries == 0 && out.position() == 0 && hasMore(f)) {
            throw Errno.EINVAL.exception();
        }
        t.process().mm().space().write(dirp, out.array(), 0, out.position());
        // iterate_dir tells every successful read of a directory, the last empty one included.
        FsNotify.accessed(f);
        return out.position();
    }

    /** Whether a directory reading stopped because the buffer was too small for one entry. */
    private static boolean hasMore(OpenFile f) {
        int[] seen = {0};
        long pos = f.seek(0, Fcntl.SEEK_CUR);
        f.readDirectory((ino, next, type, name) -> {
            seen[0]++;
            return false;
        });
        f.seek(pos, Fcntl.SEEK_SET);
        return seen[0] > 0;
    }

    static long getcwd(Task t, long buf, long size) {
        var fs = t.process().fs();
        String cwd = fs.cwd().path();
        // A working directory outside the root (chroot left it there) is "(unreachable)" and its
        // path from the top of the tree, as d_path gives it.
        String path = MountTable.isAtOrUnder(cwd, fs.root().path()) ? fs.guestPath(cwd) : "(unreachable)" + cwd;
        byte[] bytes = (path + "\0").getBytes(StandardCharsets.UTF_8);
        if (size < bytes.length) {
            throw Errno.ERANGE.exception();
        }
        t.process().mm().space().write(buf, bytes, 0, bytes.length);
        return bytes.length;
    }

    static long chdir(Task t, String path) {
        Resolved where = PathAt.resolve(t, Fcntl.AT_FDCWD, path, true);
        enter(t, where);
        return 0;
    }

    static long fchdir(Task t, int fd) {
        Resolved where = t.process().fds().get(fd).location();
        if (where == null) {
            throw Errno.ENOTDIR.exception();
        }
        enter(t, where);
        return 0;
    }

    private static void enter(Task t, Resolved where) {
        if (!where.inode().isDirectory()) {
            throw Errno.ENOTDIR.exception();
        }
        if (!Permissions.may(t.process().credentials(), where.inode(), Permissions.MAY_EXEC)) {
            throw Errno.EACCES.exception();
        }
        t.process().fs().setCwd(where);
    }

    private static Resolved writableParent(Task t, ParentResolved p) {
        Resolved dir = p.directory();
        if (!Permissions.may(t.process().credentials(), dir.inode().stat(), Permissions.MAY_WRITE | Permissions.MAY_EXEC)) {
            throw Errno.EACCES.exception();
        }
        PathAt.requireWritableMount(dir);
        return dir;
    }

    static long mkdirat(Task t, int dirfd, String path, int mode) {
        ParentResolved p = PathAt.parent(t, dirfd, path);
        if (p.name().equals(".") || p.name().equals("..") || exists(p)) {
            throw Errno.EEXIST.exception();
        }
        Resolved parent = writableParent(t, p);
        Inode dir = parent.inode();
        dir.mkdir(p.name(), mode & 07777 & ~t.process().fs().umask(), PathAt.creator(t, parent));
        FsNotify.child(dir, p.name(), true, Inotify.IN_CREATE, 0);
        return 0;
    }

    /**
     * mknodat(2) (may_mknod, vfs_mknod): a regular file, FIFO or socket for anyone who may
     * write the directory, a device only with CAP_MKNOD (fsuid 0 here; asked once the directory
     * is writable, so EACCES comes first), EPERM for a directory type, EINVAL for an unknown type.
     */
    static long mknodat(Task t, int dirfd, String path, int mode, long dev) {
        int type = mode & StatMode.S_IFMT;
        switch (type) {
            case 0, StatMode.S_IFREG, StatMode.S_IFIFO, StatMode.S_IFSOCK, StatMode.S_IFCHR, StatMode.S_IFBLK -> { }
            case StatMode.S_IFDIR -> throw Errno.EPERM.exception();
            default -> throw Errno.EINVAL.exception();
        }
        ParentResolved p = PathAt.parent(t, dirfd, path);
        if (p.name().equals(".") || p.name().equals("..") || exists(p)) {
            throw Errno.EEXIST.exception();
        }
        int perm = mode & 07777 & ~t.process().fs().umask();
        Resolved parent = writableParent(t, p);
        Inode dir = parent.inode();
        var owner = PathAt.creator(t, parent);
        // vfs_mknod: CAP_MKNOD is asked after may_create (EACCES first); a whiteout (0:0) needs none.
        boolean device = type == StatMode.S_IFCHR || type == StatMode.S_IFBLK;
        if (device && !(type == StatMode.S_IFCHR && dev == 0)
                && !Privilege.globalFs(t.process().credentials())) {
            throw Errno.EPERM.exception();
        }
        dir.mknod(p.name(), (type == 0 ? StatMode.S_IFREG : type) | perm, dev, owner);
        FsNotify.child(dir, p.name(), false, Inotify.IN_CREATE, 0);
        return 0;
    }

    private static boolean exists(ParentResolved p) {
        try {
            p.directory().inode().lookup(p.name());
            return true;
        } catch (dev.zlx.abi.LinuxException e) {
            return false;
        }
    }

    static long symlinkat(Task t, String target, int newdirfd, String linkpath) {
        if (target.isEmpty()) {
            throw Errno.ENOENT.exception();
        }
        ParentResolved p = PathAt.parent(t, newdirfd, linkpath);
        if (p.name().equals(".") || p.name().equals("..") || exists(p)) {
            throw Errno.EEXIST.exception();
        }
        Resolved parent = writableParent(t, p);
        Inode dir = parent.inode();
        dir.symlink(p.name(), target, PathAt.creator(t, parent));
        FsNotify.child(dir, p.name(), false, Inotify.IN_CREATE, 0);
        return 0;
    }

    static long linkat(Task t, int olddirfd, String oldpath, int newdirfd, String newpath, int flags) {
        if ((flags & ~(Fcntl.AT_SYMLINK_FOLLOW | Fcntl.AT_EMPTY_PATH)) != 0) {
            throw Errno.EINVAL.exception();
        }
        Resolved existing;
        if (oldpath.isEmpty() && (flags & Fcntl.AT_EMPTY_PATH) != 0) {
            // The descriptor's own file (an O_TMPFILE file has no name to resolve).
            OpenFile f = t.process().fds().get(olddirfd);
            if (f.location() == null || f.inode() == null) {
                throw Errno.ENOENT.exception();
            }
            existing = new Resolved(f.location().path(), f.inode(), f.location().mount());
        } else {
            existing = PathAt.resolve(t, olddirfd, oldpath, (flags & Fcntl.AT_SYMLINK_FOLLOW) != 0);
            if (existing.inode() instanceof MagicLink magic && magic.isDirect()) {
                // /proc/self/fd/N followed: the file the descriptor is open on, where it lives.
                OpenFile f = magic.description();
                if (f == null || f.location() == null || f.inode() == null) {
                    throw Errno.EXDEV.exception();
                }
                existing = new Resolved(f.location().path(), f.inode(), f.location().mount());
            }
        }
        if (existing.inode().isDirectory()) {
            throw Errno.EPERM.exception();
        }
        ParentResolved p = PathAt.parent(t, newdirfd, newpath);
        if (p.name().equals(".") || p.name().equals("..") || exists(p)) {
            throw Errno.EEXIST.exception();
        }
        if (p.directory().mount() != existing.mount()) {
            throw Errno.EXDEV.exception();
        }
        Inode dir = writableParent(t, p).inode();
        dir.link(p.name(), existing.inode());
        // fsnotify_link: the link count changed (IN_ATTRIB), then the name appeared.
        FsNotify.changedInode(existing.inode(), Inotify.IN_ATTRIB);
        FsNotify.child(dir, p.name(), false, Inotify.IN_CREATE, 0);
        return 0;
    }

    static long unlinkat(Task t, int dirfd, String path, int flags) {
        if ((flags & ~Fcntl.AT_REMOVEDIR) != 0) {
            throw Errno.EINVAL.exception();
        }
        ParentResolved p = PathAt.parent(t, dirfd, path);
        boolean rmdir = (flags & Fcntl.AT_REMOVEDIR) != 0;
        if (rmdir) {
            if (p.name().equals(".")) {
                throw Errno.EINVAL.exception();
            }
            if (p.name().equals("..")) {
                throw Errno.ENOTEMPTY.exception();
            }
        } else if (p.name().equals(".") || p.name().equals("..") || p.trailingSlash()) {
            throw (p.trailingSlash() && !p.name().equals(".") ? Errno.ENOTDIR : Errno.EISDIR).exception();
        }
        String child = p.childPath();
        if (t.process().mountNamespace().mounts().mountedAt(child) != null) {
            throw Errno.EBUSY.exception();
        }
        Resolved dir = writableParent(t, p);
        requireRemovable(t, dir, p.name());
        FsNotify.Victim victim = FsNotify.victim(dir.inode(), p.name());
        if (rmdir) {
            dir.inode().rmdir(p.name());
        } else {
            dir.inode().unlink(p.name());
        }
        FsNotify.removed(dir.inode(), p.name(), victim);
        return 0;
    }

    long renameat2(Task t, int olddirfd, String oldpath, int newdirfd, String newpath, int flags) {
        boolean exchange = (flags & Renameat.RENAME_EXCHANGE) != 0;
        if ((flags & ~(Renameat.RENAME_NOREPLACE | Renameat.RENAME_EXCHANGE)) != 0
                || (exchange && (flags & Renameat.RENAME_NOREPLACE) != 0)) {
            if ((flags & Renameat.RENAME_WHITEOUT) != 0) {
                report.missingFeature("renameat2", "RENAME_WHITEOUT");
            }
            throw Errno.EINVAL.exception();
        }
        ParentResolved from = PathAt.parent(t, olddirfd, oldpath);
        ParentResolved to = PathAt.parent(t, newdirfd, newpath);
        for (String n : new String[] {from.name(), to.name()}) {
            if (n.equals(".") || n.equals("..")) {
                throw Errno.EBUSY.exception();
            }
        }
        if (from.directory().mount() != to.directory().mount()) {
            throw Errno.EXDEV.exception();
        }
        if ((flags & Renameat.RENAME_NOREPLACE) != 0 && exists(to)) {
            throw Errno.EEXIST.exception();
        }
        String source = from.childPath();
        String target = to.childPath();
        if (target.startsWith(source + "/") || (exchange && source.startsWith(target + "/"))) {
            throw Errno.EINVAL.exception();
        }
        if (source.equals(target)) {
            from.directory().inode().lookup(from.name());
            return 0;
        }
        Resolved fromDir = writableParent(t, from);
        Resolved toDir = writableParent(t, to);
        requireRemovable(t, fromDir, from.name());
        if (exchange || exists(to)) {
            requireRemovable(t, toDir, to.name());
        }
        // vfs_rename: a mount point (of this namespace) is neither moved nor replaced.
        var mounts = t.process().mountNamespace().mounts();
        if (mounts.mountedAt(source) != null || mounts.mountedAt(target) != null) {
            throw Errno.EBUSY.exception();
        }
        FsNotify.Victim moved = FsNotify.victim(fromDir.inode(), from.name());
        FsNotify.Victim replaced = FsNotify.victim(toDir.inode(), to.name());
        if (exchange) {
            // Two moves, one each way, as fsnotify reports an exchange.
            fromDir.inode().exchange(from.name(), toDir.inode(), to.name());
            FsNotify.moved(fromDir.inode(), from.name(), toDir.inode(), to.name(), moved, null);
            FsNotify.moved(toDir.inode(), to.name(), fromDir.inode(), from.name(), replaced, null);
        } else {
            fromDir.inode().rename(from.name(), toDir.inode(), to.name());
            FsNotify.moved(fromDir.inode(), from.name(), toDir.inode(), to.name(), moved, replaced);
        }
        return 0;
    }

    /** The entry name of dir exists (ENOENT) and the sticky bit lets the caller remove it (EPERM). */
    private static void requireRemovable(Task t, Resolved dir, String name) {
        var entry = dir.inode().lookup(name).stat();
        if (!Permissions.mayRemoveEntry(t.process().credentials(), dir.inode().stat(), entry)) {
            throw Errno.EPERM.exception();
        }
    }
}
