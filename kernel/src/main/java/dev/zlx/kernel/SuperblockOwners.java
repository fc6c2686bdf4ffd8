package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.vfs.FileSystem;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The user namespace each file system instance belongs to (struct super_block's s_user_ns):
 * the namespace of the process that mounted it, the initial one for everything else. Files are
 * created on it only by a process whose fs ids that namespace maps (fsuidgid_has_mapping), as
 * a tmpfs mounted in a new user namespace before its maps are written refuses them.
 */
public final class SuperblockOwners {
    private static final Map<FileSystem, UserNamespace> OWNERS = Collections.synchronizedMap(new WeakHashMap<>());

    private SuperblockOwners() {
    }

    /** Records that fs was made (mounted, or bound from a file system of ns) in namespace ns. */
    public static void record(FileSystem fs, UserNamespace ns) {
        if (ns != UserNamespace.INITIAL) {
            OWNERS.put(fs, ns);
        }
    }

    public static UserNamespace of(FileSystem fs) {
        return OWNERS.getOrDefault(fs, UserNamespace.INITIAL);
    }

    /** may_create's EOVERFLOW: the file system's namespace must map the creator's fs uid and gid. */
    public static void requireMapped(Credentials c, FileSystem fs) {
        UserNamespace ns = of(fs);
        if (ns.uidOrInvalid(c.fsuid()) == IdMap.INVALID || ns.gidOrInvalid(c.fsgid()) == IdMap.INVALID) {
            throw Errno.EOVERFLOW.exception();
        }
    }
}
