package dev.zlx.vfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.MountFlags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The mounts of one mount namespace, keyed by canonical guest path. A later mount on the same
 * point hides the earlier one, as on Linux. Mounting is rare and lookups are frequent, so the
 * list is copy-on-write; changes are serialised by this object's monitor.
 */
public final class MountTable {
    private final List<Mount> mounts = new CopyOnWriteArrayList<>();

    /** Attaches fs at the canonical absolute path mountPoint. */
    public Mount mount(String mountPoint, FileSystem fs, boolean readOnly) {
        return mount(mountPoint, fs, readOnly ? MountFlags.MS_RDONLY : 0, fs.type());
    }

    /** Attaches fs at mountPoint with per-mount MS_* flags and a source name. */
    public synchronized Mount mount(String mountPoint, FileSystem fs, long flags, String source) {
        if (!mountPoint.startsWith("/")) {
            throw Errno.EINVAL.exception();
        }
        Mount m = new Mount(mountPoint, fs, flags, source);
        mounts.add(m);
        return m;
    }

    /**
     * copy_mnt_ns: a new table with a copy of every mount (the same file systems, flags, sources
     * and points), for a new mount namespace; copies receives each mount's copy.
     */
    public synchronized MountTable copy(java.util.Map<Mount, Mount> copies) {
        MountTable t = new MountTable();
        for (Mount m : mounts) {
            Mount c = new Mount(m.mountPoint(), m.fileSystem(), m.flags(), m.source());
            t.mounts.add(c);
            copies.put(m, c);
        }
        return t;
    }

    /** Detaches m (umount2); the mounts under it stay where they are. */
    public synchronized void unmount(Mount m) {
        if (!mounts.remove(m)) {
            throw Errno.EINVAL.exception();
        }
    }

    /** mount(MS_REMOUNT): m's per-mount flags become flags. */
    public synchronized void remount(Mount m, long flags) {
        m.setFlags(flags);
    }

    /**
     * pivot_root's rename of the tree: every mount point under (or at) from moves to the same
     * place under to. Mount points are canonical paths, so this is a prefix rewrite.
     */
    public synchronized void movePoints(String from, String to) {
        for (Mount m : mounts) {
            String mp = m.mountPoint();
            if (isAtOrUnder(mp, from)) {
                String rest = mp.substring(from.equals("/") ? 0 : from.length());
                String moved = to.equals("/") ? (rest.isEmpty() ? "/" : rest) : to + (rest.equals("/") ? "" : rest);
                m.moveTo(moved.isEmpty() ? "/" : moved);
            }
        }
    }

    /** Moves the point of m only (pivot_root's old root, MS_MOVE). */
    public synchronized void move(Mount m, String to) {
        m.moveTo(to);
    }

    /** Whether path is point itself or below it. */
    public static boolean isAtOrUnder(String path, String point) {
        return point.equals("/") || path.equals(point) || path.startsWith(point + "/");
    }

    /** The mount whose root is exactly this canonical path, or null. */
    public Mount mountedAt(String canonicalPath) {
        for (int i = mounts.size() - 1; i >= 0; i--) {
            Mount m = mounts.get(i);
            if (m.mountPoint().equals(canonicalPath)) {
                return m;
            }
        }
        return null;
    }

    /** The mounts strictly below point, in mount order. */
    public List<Mount> under(String point) {
        List<Mount> out = new ArrayList<>();
        for (Mount m : mounts) {
            if (!m.mountPoint().equals(point) && isAtOrUnder(m.mountPoint(), point)) {
                out.add(m);
            }
        }
        return out;
    }

    /** The mount that contains the canonical path: the one with the longest matching prefix. */
    public Mount mountOf(String canonicalPath) {
        Mount best = null;
        for (int i = mounts.size() - 1; i >= 0; i--) {
            Mount m = mounts.get(i);
            String mp = m.mountPoint();
            boolean contains = mp.equals("/") || canonicalPath.equals(mp) || canonicalPath.startsWith(mp + "/");
            if (contains && (best == null || mp.length() > best.mountPoint().length())) {
                best = m;
            }
        }
        if (best == null) {
            throw Errno.ENOENT.exception();
        }
        return best;
    }

    /** The mounts in the order they were made (for /proc/mounts). */
    public List<Mount> list() {
        return Collections.unmodifiableList(new ArrayList<>(mounts));
    }
}
