package dev.zlx.vfs;

import dev.zlx.abi.Errno;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The mounts of one mount namespace, keyed by canonical guest path. A later mount on the same
 * point hides the earlier one, as on Linux. Mounting is rare and lookups are frequent, so the
 * list is copy-on-write.
 */
public final class MountTable {
    private final List<Mount> mounts = new CopyOnWriteArrayList<>();

    /** Attaches fs at the canonical absolute path mountPoint. */
    public void mount(String mountPoint, FileSystem fs, boolean readOnly) {
        if (!mountPoint.startsWith("/")) {
            throw Errno.EINVAL.exception();
        }
        mounts.add(new Mount(mountPoint, fs, readOnly));
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
