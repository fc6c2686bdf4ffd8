package dev.zlx.kernel;

import dev.zlx.vfs.Mount;
import dev.zlx.vfs.MountTable;
import dev.zlx.vfs.PathWalker;
import dev.zlx.vfs.Resolved;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A mount namespace: the mount table its processes see and the path walker over it. Processes
 * share their parent's unless clone(CLONE_NEWNS) or unshare(CLONE_NEWNS) gives them a copy,
 * in which mounting and unmounting change nothing the others see.
 */
public final class MountNamespace {
    /** Namespace inode numbers: the network namespace took the first at boot, mount namespaces the next ones. */
    private static final java.util.concurrent.atomic.AtomicLong NEXT_INUM =
            new java.util.concurrent.atomic.AtomicLong(dev.zlx.abi.Namespaces.PROC_DYNAMIC_FIRST + 1);
    private final MountTable mounts;
    private final PathWalker walker;
    private final long inum = NEXT_INUM.getAndIncrement();

    public MountNamespace(MountTable mounts) {
        this.mounts = mounts;
        this.walker = new PathWalker(mounts);
    }

    /** Its inode number, as /proc/PID/ns/mnt names it. */
    public long inum() {
        return inum;
    }

    public MountTable mounts() {
        return mounts;
    }

    public PathWalker walker() {
        return walker;
    }

    /**
     * copy_mnt_ns: a new namespace with a copy of every mount; the root and working directory
     * of fs (the new namespace's user's, not shared with anyone outside it) move to the copies.
     */
    public MountNamespace copy(FsContext fs) {
        Map<Mount, Mount> copies = new IdentityHashMap<>();
        MountNamespace ns = new MountNamespace(mounts.copy(copies));
        fs.setRoot(moved(fs.root(), copies));
        fs.setCwd(moved(fs.cwd(), copies));
        return ns;
    }

    private static Resolved moved(Resolved r, Map<Mount, Mount> copies) {
        Mount m = copies.get(r.mount());
        return m == null ? r : new Resolved(r.path(), r.inode(), m);
    }
}
