package dev.zlx.abi;

/** Extended attribute limits and setxattr(2) flags (linux/xattr.h, linux/limits.h). */
public final class Xattr {
    /** setxattr: fail with EEXIST if the attribute exists. */
    public static final int XATTR_CREATE = 1;
    /** setxattr: fail with ENODATA if the attribute does not exist. */
    public static final int XATTR_REPLACE = 2;
    /** Longest attribute name, without the NUL. */
    public static final int XATTR_NAME_MAX = 255;
    /** Largest attribute value. */
    public static final int XATTR_SIZE_MAX = 65536;
    /** Largest listxattr result. */
    public static final int XATTR_LIST_MAX = 65536;

    /** The namespaces tmpfs keeps (the prefix includes the dot). */
    public static final String USER_PREFIX = "user.";
    public static final String TRUSTED_PREFIX = "trusted.";
    public static final String SECURITY_PREFIX = "security.";

    private Xattr() {
    }
}
