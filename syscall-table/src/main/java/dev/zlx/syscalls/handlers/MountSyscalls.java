package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.PATH;
import static dev.zlx.syscalls.trace.ArgKind.PTR;

import dev.zlx.abi.Errno;
import dev.zlx.abi.MountFlags;
import dev.zlx.abi.UserNamespaces;
import dev.zlx.kernel.FileSystemTypes;
import dev.zlx.kernel.FsContext;
import dev.zlx.kernel.Kernel;
import dev.zlx.kernel.MountNamespace;
import dev.zlx.kernel.Permissions;
import dev.zlx.kernel.Privilege;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.SuperblockOwners;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.BoundFileSystem;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Mount;
import dev.zlx.vfs.MountTable;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Resolved;
import java.nio.charset.StandardCharsets;

/**
 * The mount tree: mount(2) (new mounts of the registered types, bind mounts, remounts, moves,
 * propagation changes), umount2(2), chroot(2) and pivot_root(2). Changing the mount tree needs
 * CAP_SYS_ADMIN over the user namespace owning the mount namespace (may_mount); a new mount of a
 * type without FS_USERNS_MOUNT needs it over the initial one; chroot needs CAP_SYS_CHROOT in the
 * caller's own.
 */
public final class MountSyscalls {
    /** mount(2) copies at most a page of options. */
    private static final int DATA_MAX = 4096;

    public void register(SyscallRegistry r) {
        r.partial("mount", "propagation types are accepted and every mount stays private; MS_REMOUNT changes the "
                + "per-mount flags, not a file system's own options",
                (t, a) -> mount(t, a.ptr(0), a.ptr(1), a.ptr(2), a.i64(3), a.ptr(4)), PATH, PATH, PATH, HEX, PTR);
        r.partial("umount2", "MNT_EXPIRE marks on the first call and unmounts an unused mount on the second",
                (t, a) -> umount2(t, a.ptr(0), a.i32(1)), PATH, HEX);
        r.full("chroot", (t, a) -> chroot(t, a.ptr(0)), PATH);
        r.partial("pivot_root", "open directories of other processes keep their old paths",
                (t, a) -> pivotRoot(t, a.ptr(0), a.ptr(1)), PATH, PATH);
    }

    /** may_mount: privilege over the owner of the caller's mount namespace. */
    private static void requirePrivilege(Task t) {
        Privilege.require(t.process(), t.process().mountNamespace().owner());
    }

    /**
     * mount_capable: a type user namespaces may mount needs privilege in the caller's own
     * namespace; any other type needs it in the initial one.
     */
    private static void requireMountCapable(Task t, String type) {
        Process p = t.process();
        if (!(UserNamespaces.USERNS_MOUNT_TYPES.contains(type) ? Privilege.capable(p, p.credentials().userNs())
                : Privilege.global(p))) {
            throw Errno.EPERM.exception();
        }
    }

    private static String optionalString(Task t, long addr, int max) {
        if (addr == 0) {
            return null;
        }
        byte[] bytes = UserMemory.readCString(t.process().mm().space(), addr, max);
        if (bytes == null) {
            throw Errno.EINVAL.exception();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The mount whose root where is, or EINVAL (the calls that need a mount point). */
    private static Mount mountRootedAt(Resolved where) {
        Mount m = where.mount();
        if (!m.mountPoint().equals(where.path())) {
            throw Errno.EINVAL.exception();
        }
        return m;
    }

    /** mount(2), in the order path_mount tries its cases. */
    static long mount(Task t, long sourceAddr, long targetAddr, long typeAddr, long flags, long dataAddr) {
        if ((flags & MountFlags.MS_MGC_MSK) == MountFlags.MS_MGC_VAL) {
            flags &= ~MountFlags.MS_MGC_MSK;
        }
        // As do_mount: the target is looked up (ENOENT, EACCES…) before privilege is asked.
        Resolved target = PathAt.resolve(t, dev.zlx.abi.Fcntl.AT_FDCWD, PathAt.path(t, targetAddr), true);
        requirePrivilege(t);
        MountTable table = t.process().mountNamespace().mounts();
        if ((flags & MountFlags.MS_REMOUNT) != 0) {
            Mount m = mountRootedAt(target);
            long keep = (flags & MountFlags.MS_BIND) != 0 ? 0 : m.flags() & ~MountFlags.MS_PER_MOUNT;
            if (!m.mayTakeFlags(keep | (flags & MountFlags.MS_PER_MOUNT))) {
                throw Errno.EPERM.exception();
            }
            table.remount(m, keep | (flags & MountFlags.MS_PER_MOUNT));
            return 0;
        }
        if ((flags & MountFlags.MS_BIND) != 0) {
            bind(t, table, PathAt.path(t, sourceAddr), target, (flags & MountFlags.MS_REC) != 0);
            return 0;
        }
        long propagation = flags & MountFlags.MS_PROPAGATION;
        if (propagation != 0) {
            if (Long.bitCount(propagation) != 1) {
                throw Errno.EINVAL.exception();
            }
            mountRootedAt(target); // every mount is private here: nothing else changes
            return 0;
        }
        if ((flags & MountFlags.MS_MOVE) != 0) {
            Resolved source = PathAt.resolve(t, dev.zlx.abi.Fcntl.AT_FDCWD, PathAt.path(t, sourceAddr), true);
            Mount moving = mountRootedAt(source);
            if (moving.locked() || moving.mountPoint().equals("/") || MountTable.isAtOrUnder(target.path(), source.path())) {
                throw Errno.EINVAL.exception();
            }
            table.movePoints(source.path(), target.path());
            return 0;
        }
        String type = optionalString(t, typeAddr, 4096);
        if (type == null || type.isEmpty()) {
            throw Errno.EINVAL.exception();
        }
        FileSystemTypes.Type fsType = t.process().kernel().fileSystemTypes().get(type);
        requireMountCapable(t, type);
        String source = optionalString(t, sourceAddr, 4096);
        String data = optionalString(t, dataAddr, DATA_MAX);
        FileSystem fs = fsType.factory().create(source, flags, data,
                path -> PathAt.resolve(t, dev.zlx.abi.Fcntl.AT_FDCWD, path, true));
        if (!target.inode().isDirectory()) {
            throw Errno.ENOTDIR.exception();
        }
        table.mount(target.path(), fs, flags, source == null ? type : source);
        SuperblockOwners.record(fs, t.process().credentials().userNs());
        return 0;
    }

    /**
     * A bind mount: source's subtree (a directory or a file) also at target, with the source
     * mount's flags; with MS_REC the mounts under source come along at the same places.
     */
    private static void bind(Task t, MountTable table, String sourcePath, Resolved target, boolean recursive) {
        Resolved source = PathAt.resolve(t, dev.zlx.abi.Fcntl.AT_FDCWD, sourcePath, true);
        if (source.inode().isDirectory() != target.inode().isDirectory()) {
            throw (source.inode().isDirectory() ? Errno.ENOTDIR : Errno.EISDIR).exception();
        }
        var under = recursive ? table.under(source.path()) : java.util.List.<Mount>of();
        Mount from = source.mount();
        BoundFileSystem bound = new BoundFileSystem(from.fileSystem(), source.inode());
        table.mount(target.path(), bound, from.flags(), from.source());
        SuperblockOwners.record(bound, SuperblockOwners.of(from.fileSystem())); // the same superblock
        for (Mount sub : under) {
            String rest = sub.mountPoint().substring(source.path().equals("/") ? 0 : source.path().length());
            String at = target.path().equals("/") ? rest : target.path() + rest;
            table.mount(at, sub.fileSystem(), sub.flags(), sub.source());
        }
    }

    /**
     * umount2(2): EINVAL unless target is a mount's root; EBUSY while mounts are below it or a
     * process works, is rooted or has a file open in it (MNT_DETACH takes the whole subtree
     * away at once and lets open files live on).
     */
    static long umount2(Task t, long targetAddr, int flags) {
        int known = MountFlags.MNT_FORCE | MountFlags.MNT_DETACH | MountFlags.MNT_EXPIRE | MountFlags.UMOUNT_NOFOLLOW;
        if ((flags & ~known) != 0 || ((flags & MountFlags.MNT_EXPIRE) != 0
                && (flags & (MountFlags.MNT_FORCE | MountFlags.MNT_DETACH)) != 0)) {
            throw Errno.EINVAL.exception();
        }
        Resolved target = PathAt.resolve(t, dev.zlx.abi.Fcntl.AT_FDCWD, PathAt.path(t, targetAddr),
                (flags & MountFlags.UMOUNT_NOFOLLOW) == 0);
        requirePrivilege(t); // can_umount: after the lookup, before the mount-point check
        Mount m = mountRootedAt(target);
        if (m.locked()) {
            throw Errno.EINVAL.exception();
        }
        Kernel kernel = t.process().kernel();
        MountTable table = t.process().mountNamespace().mounts();
        if (m.mountPoint().equals("/")) {
            throw Errno.EBUSY.exception();
        }
        if ((flags & MountFlags.MNT_DETACH) != 0) {
            for (Mount sub : table.under(m.mountPoint())) {
                table.unmount(sub);
            }
            table.unmount(m);
            return 0;
        }
        if (!table.under(m.mountPoint()).isEmpty() || inUse(kernel, m)) {
            throw Errno.EBUSY.exception();
        }
        if ((flags & MountFlags.MNT_EXPIRE) != 0 && !m.markExpiry()) {
            throw Errno.EAGAIN.exception();
        }
        table.unmount(m);
        return 0;
    }

    /** Whether some process's root, working directory or open file is on m. */
    private static boolean inUse(Kernel kernel, Mount m) {
        for (Process p : kernel.processes()) {
            FsContext fs = p.fs();
            if (fs == null) {
                continue;
            }
            if (fs.root().mount() == m || fs.cwd().mount() == m) {
                return true;
            }
            var fds = p.fds();
            for (int fd : fds.openDescriptors()) {
                OpenFile f;
                try {
                    f = fds.get(fd);
                } catch (dev.zlx.abi.LinuxException closed) {
                    continue;
                }
                if (f.location() != null && f.location().mount() == m) {
                    return true;
                }
            }
        }
        return false;
    }

    /** chroot(2): the caller's root becomes the directory; its working directory stays. */
    static long chroot(Task t, long pathAddr) {
        Resolved dir = PathAt.resolve(t, dev.zlx.abi.Fcntl.AT_FDCWD, PathAt.path(t, pathAddr), true);
        if (!dir.inode().isDirectory()) {
            throw Errno.ENOTDIR.exception();
        }
        if (!Permissions.may(t.process().credentials(), dir.inode().stat(), Permissions.MAY_EXEC)) {
            throw Errno.EACCES.exception();
        }
        Privilege.require(t.process(), t.process().credentials().userNs());
        t.process().fs().setRoot(dir);
        return 0;
    }

    /**
     * pivot_root(2): the mount at new_root becomes the root mount and the old root mount moves
     * to put_old; processes whose root or working directory was the old root get the new one
     * (and every process's root and working directory follow the renamed paths).
     */
    static long pivotRoot(Task t, long newRootAddr, long putOldAddr) {
        requirePrivilege(t);
        Resolved newRoot = PathAt.resolve(t, dev.zlx.abi.Fcntl.AT_FDCWD, PathAt.path(t, newRootAddr), true);
        Resolved putOld = PathAt.resolve(t, dev.zlx.abi.Fcntl.AT_FDCWD, PathAt.path(t, putOldAddr), true);
        if (!newRoot.inode().isDirectory() || !putOld.inode().isDirectory()) {
            throw Errno.ENOTDIR.exception();
        }
        Resolved root = t.process().fs().root();
        // Checked in the kernel's order: same mount as the root first (EBUSY), then mount points.
        if (newRoot.mount() == root.mount() || putOld.mount() == root.mount()) {
            throw Errno.EBUSY.exception();
        }
        mountRootedAt(root);
        mountRootedAt(newRoot);
        if (!MountTable.isAtOrUnder(putOld.path(), newRoot.path()) || !MountTable.isAtOrUnder(newRoot.path(), root.path())) {
            throw Errno.EINVAL.exception();
        }
        String r = root.path();
        String n = newRoot.path();
        String oldRootAt = r.equals("/") ? putOld.path().substring(n.length()) : r + putOld.path().substring(n.length());
        MountNamespace ns = t.process().mountNamespace();
        MountTable table = ns.mounts();
        // The mounts outside new_root (the old root and the rest of its tree) go under put_old.
        java.util.List<Mount> outside = new java.util.ArrayList<>();
        for (Mount m : table.list()) {
            if (MountTable.isAtOrUnder(m.mountPoint(), r) && !MountTable.isAtOrUnder(m.mountPoint(), n)) {
                outside.add(m);
            }
        }
        table.movePoints(n, r);
        for (Mount m : outside) {
            String rest = m.mountPoint().substring(r.equals("/") ? 0 : r.length());
            table.move(m, oldRootAt + (rest.equals("/") ? "" : rest));
        }
        for (Process p : t.process().kernel().processes()) {
            FsContext fs = p.fs();
            if (fs != null && p.mountNamespace() == ns) {
                fs.setRoot(follow(ns, fs.root(), r, n, oldRootAt));
                fs.setCwd(follow(ns, fs.cwd(), r, n, oldRootAt));
            }
        }
        return 0;
    }

    /** Where a root or working directory is after pivot_root renamed the tree. */
    private static Resolved follow(MountNamespace ns, Resolved where, String r, String n, String oldRootAt) {
        String path = where.path();
        String moved;
        if (path.equals(r)) {
            moved = r; // chroot_fs_refs: the old root becomes the new root
        } else if (MountTable.isAtOrUnder(path, n)) {
            moved = (r.equals("/") ? "" : r) + path.substring(n.length());
        } else if (MountTable.isAtOrUnder(path, r)) {
            moved = oldRootAt + path.substring(r.equals("/") ? 0 : r.length());
        } else {
            return where;
        }
        try {
            return ns.walker().resolveCanonical(moved.isEmpty() ? "/" : moved);
        } catch (dev.zlx.abi.LinuxException gone) {
            return where;
        }
    }
}
