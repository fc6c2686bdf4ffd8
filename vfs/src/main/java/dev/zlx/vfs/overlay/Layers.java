package dev.zlx.vfs.overlay;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.OverlayFormat;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.Owner;
import java.nio.charset.StandardCharsets;

/**
 * What a layer's directory says about the layers below it: whiteouts and opaque directories,
 * read in both formats (overlayfs's 0/0 character devices and opaque xattr, and OCI's ".wh."
 * files), and written in overlayfs's format where the upper layer can hold it, else in OCI's.
 */
final class Layers {
    private Layers() {
    }

    /** The entry name of the real directory dir, or null when it has none. */
    static Inode entry(Inode dir, String name) {
        try {
            return dir.lookup(name);
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
                return null;
            }
            throw e;
        }
    }

    /** Names of the OCI format's bookkeeping, which the merged view never shows. */
    static boolean isBookkeeping(String name) {
        return name.startsWith(OverlayFormat.OCI_WHITEOUT_PREFIX);
    }

    /** Whether a real object is an overlayfs whiteout: a character device 0/0. */
    static boolean isWhiteout(Inode inode) {
        FileStat s = inode.stat();
        return (s.mode() & StatMode.S_IFMT) == StatMode.S_IFCHR && s.rdev() == OverlayFormat.WHITEOUT_RDEV;
    }

    /** Whether layer directory dir removes name from the layers below (in either format). */
    static boolean removes(Inode dir, String name) {
        Inode e = entry(dir, name);
        if (e != null) {
            return isWhiteout(e);
        }
        return entry(dir, OverlayFormat.OCI_WHITEOUT_PREFIX + name) != null;
    }

    /** Whether layer directory dir hides the layers below it (opaque xattr or OCI marker). */
    static boolean opaque(Inode dir) {
        return hasOpaqueXattr(dir, OverlayFormat.OPAQUE_XATTR) || hasOpaqueXattr(dir, OverlayFormat.USER_OPAQUE_XATTR)
                || entry(dir, OverlayFormat.OCI_OPAQUE_MARKER) != null;
    }

    private static boolean hasOpaqueXattr(Inode dir, String name) {
        try {
            return OverlayFormat.OPAQUE_YES.equals(new String(dir.getxattr(name), StandardCharsets.UTF_8));
        } catch (LinuxException e) {
            return false;
        }
    }

    /** Records in the upper directory dir that name is removed from the layers below. */
    static void writeWhiteout(Inode dir, String name) {
        try {
            dir.mknod(name, StatMode.S_IFCHR, OverlayFormat.WHITEOUT_RDEV, Owner.ROOT);
        } catch (LinuxException e) {
            if (e.errno() != Errno.EPERM && e.errno() != Errno.EOPNOTSUPP) {
                throw e;
            }
            // An upper layer that cannot hold device nodes keeps the OCI format.
            touch(dir, OverlayFormat.OCI_WHITEOUT_PREFIX + name);
        }
    }

    /** Removes a whiteout of name from the upper directory dir, if there is one. */
    static void clearWhiteout(Inode dir, String name) {
        Inode e = entry(dir, name);
        if (e != null && isWhiteout(e)) {
            dir.unlink(name);
        }
        if (entry(dir, OverlayFormat.OCI_WHITEOUT_PREFIX + name) != null) {
            dir.unlink(OverlayFormat.OCI_WHITEOUT_PREFIX + name);
        }
    }

    /** Marks the upper directory dir opaque. */
    static void writeOpaque(Inode dir) {
        try {
            dir.setxattr(OverlayFormat.OPAQUE_XATTR, OverlayFormat.OPAQUE_YES.getBytes(StandardCharsets.UTF_8), 0);
        } catch (LinuxException e) {
            if (e.errno() != Errno.EPERM && e.errno() != Errno.EOPNOTSUPP) {
                throw e;
            }
            touch(dir, OverlayFormat.OCI_OPAQUE_MARKER);
        }
    }

    private static void touch(Inode dir, String name) {
        dir.create(name, 0, Fcntl.O_WRONLY | Fcntl.O_EXCL, Owner.ROOT).close();
    }
}
