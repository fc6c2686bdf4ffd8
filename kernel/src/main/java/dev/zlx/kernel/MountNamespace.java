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
    private final MountTable mounts;
    private final PathWalker walker;
    private final long inum = NamespaceInums.next();
    /** The user namespace that owns it: privilege there allows mounting and unmounting in it. */
    private final UserNamespace owner;

    public MountNamespace(MountTable mounts) {
        this(mounts, UserNamespace.INITIAL);
    }

    private MountNamespace(MountTable mounts, UserNamespace owner) {
        this.mounts = mounts;
        this.walker = new PathWalker(mounts);
        this.owner = owner;
    }

    public UserNamespace owner() {
        return owner;
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
     * copy_mnt_ns: a new namespace, owned by the user namespace owner, with a copy of every
     * mount (locked when owner is not this namespace's owner); the root and working directory of fs (the new namespace's user's, not shared with
     * anyone outside it) move to the copies.
     */
    public MountNamespace copy(FsContext fs, UserNamespace owner) {
        Map<Mount, Mount> copies = new IdentityHashMap<>();
        MountNamespace ns = new MountNamespace(mounts.copy(copies), owner);
        // lock_mnt_tree: what a less privileged namespace gets, it may not unmount or unlock.
        for (Map.Entry<Mount, Mount> e : copies.entrySet()) {
            e.getValue().lockLike(e.getKey(), owner != this.owner);
        }
        fs.setRoot(moved(fs.root(), copies));
        fs.setCwd(moved(fs.cwd(), copies));
        return ns;
    }

    private static Resolved moved(Resolved r, Map<Mount, Mount> copies) {
        Mount m = copies.get(r.mount());
        return m == null ? r : new Resolved(r.path(), r.inode(), m);
    }
}
