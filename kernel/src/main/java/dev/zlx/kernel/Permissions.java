package dev.zlx.kernel;

import dev.zlx.abi.FileStat;
import dev.zlx.abi.StatMode;

/**
 * The permission checks of Linux's generic_permission: owner, group and other bits against the
 * file-system ids, with root (fsuid 0) passing read and write always and execute when any
 * execute bit is set (in a user namespace: its privileged root, over files it maps, as
 * {@link Privilege#overFile}).
 */
public final class Permissions {
    public static final int MAY_EXEC = 1;
    public static final int MAY_WRITE = 2;
    public static final int MAY_READ = 4;

    private Permissions() {
    }

    /** Whether cred may access a file with these attributes in the MAY_* way asked. */
    public static boolean may(Credentials cred, FileStat st, int mask) {
        int mode = st.mode();
        if (Privilege.overFile(cred, st)) {
            boolean isDir = (mode & StatMode.S_IFMT) == StatMode.S_IFDIR;
            return (mask & MAY_EXEC) == 0 || isDir || (mode & 0111) != 0;
        }
        int bits;
        if (cred.fsuid() == st.uid()) {
            bits = (mode >> 6) & 7;
        } else if (inGroup(cred, st.gid())) {
            bits = (mode >> 3) & 7;
        } else {
            bits = mode & 7;
        }
        return (bits & mask) == mask;
    }

    /** {@link #may(Credentials, FileStat, int)} for an object, with its file system's own rule (inode permission). */
    public static boolean may(Credentials cred, dev.zlx.vfs.Inode inode, int mask) {
        return may(cred, inode.stat(), mask) || inode.grantsBeyondMode(mask);
    }

    /**
     * check_sticky: in a sticky directory (S_ISVTX, as /tmp) only the owner of an entry, the
     * owner of the directory or a caller privileged over the entry (CAP_FOWNER) may remove or
     * rename the entry (EPERM otherwise).
     */
    public static boolean mayRemoveEntry(Credentials cred, FileStat directory, FileStat entry) {
        if ((directory.mode() & StatMode.S_ISVTX) == 0) {
            return true;
        }
        return Privilege.overFile(cred, entry) || cred.fsuid() == entry.uid() || cred.fsuid() == directory.uid();
    }

    public static boolean mayExecute(Credentials cred, FileStat st) {
        return may(cred, st, MAY_EXEC);
    }

    /** Whether gid is the caller's file-system group or one of its supplementary groups. */
    public static boolean inGroup(Credentials cred, int gid) {
        if (cred.fsgid() == gid) {
            return true;
        }
        for (int g : cred.groups()) {
            if (g == gid) {
                return true;
            }
        }
        return false;
    }
}
