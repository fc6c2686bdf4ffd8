package dev.zlx.vfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.StatMode;
import dev.zlx.abi.Xattr;

/** The extended attribute namespaces a file system that keeps them answers for (xattr_resolve_name). */
public final class XattrNames {
    private XattrNames() {
    }

    /**
     * security.*, trusted.* and user.* are kept; user.* only on regular files and directories
     * (xattr_permission's EPERM for a write, ENODATA for a read of another type); other
     * namespaces are EOPNOTSUPP; a bare prefix ("user.") names nothing (EINVAL).
     *
     * @param type the S_IFMT type of the file, as the guest sees it
     */
    public static void check(String name, int type, boolean write) {
        if (name.startsWith(Xattr.USER_PREFIX)) {
            if (type != StatMode.S_IFREG && type != StatMode.S_IFDIR) {
                throw (write ? Errno.EPERM : Errno.ENODATA).exception();
            }
        } else if (!name.startsWith(Xattr.TRUSTED_PREFIX) && !name.startsWith(Xattr.SECURITY_PREFIX)) {
            throw Errno.EOPNOTSUPP.exception();
        }
        if (name.indexOf('.') + 1 == name.length()) {
            throw Errno.EINVAL.exception();
        }
    }
}
