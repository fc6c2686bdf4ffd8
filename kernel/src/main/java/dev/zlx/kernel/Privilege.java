package dev.zlx.kernel;

import dev.zlx.abi.Errno;

/**
 * Whether a process may do what Linux reserves for capabilities (security/commoncap.c
 * cap_capable). zlx keeps one capability set, all or nothing: a process is privileged over a
 * user namespace when its credentials' capabilities are effective and it lives there, or when
 * it owns that namespace or an ancestor from the parent namespace. Objects owned by a user
 * namespace (mount and UTS namespaces) ask for privilege over their owner; everything else asks
 * over the initial namespace.
 */
public final class Privilege {
    private Privilege() {
    }

    /** cap_capable: privilege of credentials c over namespace ns. */
    public static boolean capable(Credentials c, UserNamespace ns) {
        UserNamespace own = c.userNs();
        for (UserNamespace n = ns; n != null; n = n.parent()) {
            if (n == own) {
                return c.capEffective();
            }
            if (n.level() <= own.level()) {
                return false;
            }
            if (n.parent() == own && n.owner() == c.euid()) {
                return true;
            }
        }
        return false;
    }

    public static boolean capable(Process p, UserNamespace ns) {
        return capable(p.credentials(), ns);
    }

    /** capable(): privilege over the initial namespace, which the rest of the system asks. */
    public static boolean global(Process p) {
        return capable(p.credentials(), UserNamespace.INITIAL);
    }

    /**
     * capable_wrt_inode_uidgid for the file-system capabilities (CAP_DAC_OVERRIDE, CAP_FOWNER,
     * CAP_CHOWN), which follow the fs uid: fs uid 0 in the initial namespace; in another, a
     * privileged process whose fs uid is the namespace's root, over a file whose owner and group
     * the namespace maps.
     */
    public static boolean overFile(Credentials c, dev.zlx.abi.FileStat st) {
        UserNamespace ns = c.userNs();
        if (ns == UserNamespace.INITIAL) {
            return c.fsuid() == 0;
        }
        return c.capEffective() && Integer.toUnsignedLong(c.fsuid()) == ns.kernelUid(0)
                && ns.uidOrInvalid(st.uid()) != IdMap.INVALID && ns.gidOrInvalid(st.gid()) != IdMap.INVALID;
    }

    /** The file-system capabilities asked over the initial namespace (CAP_MKNOD, trusted xattrs): fs uid 0 there. */
    public static boolean globalFs(Credentials c) {
        return c.userNs() == UserNamespace.INITIAL && c.fsuid() == 0;
    }

    /** EPERM unless p is privileged over ns. */
    public static void require(Process p, UserNamespace ns) {
        if (!capable(p, ns)) {
            throw Errno.EPERM.exception();
        }
    }
}
