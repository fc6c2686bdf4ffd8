package dev.zlx.abi;

/**
 * The request and result mask bits of statx(2) (STATX_*) and its attribute bits (STATX_ATTR_*), from linux/stat.h.
 */
public final class Statx {
    private Statx() {
    }

    // Mask bits
    /** STATX_TYPE as the kernel header defines it. */
    public static final int STATX_TYPE = 1;
    /** STATX_MODE as the kernel header defines it. */
    public static final int STATX_MODE = 2;
    /** STATX_NLINK as the kernel header defines it. */
    public static final int STATX_NLINK = 4;
    /** STATX_UID as the kernel header defines it. */
    public static final int STATX_UID = 8;
    /** STATX_GID as the kernel header defines it. */
    public static final int STATX_GID = 0x10;
    /** STATX_ATIME as the kernel header defines it. */
    public static final int STATX_ATIME = 0x20;
    /** STATX_MTIME as the kernel header defines it. */
    public static final int STATX_MTIME = 0x40;
    /** STATX_CTIME as the kernel header defines it. */
    public static final int STATX_CTIME = 0x80;
    /** STATX_INO as the kernel header defines it. */
    public static final int STATX_INO = 0x100;
    /** STATX_SIZE as the kernel header defines it. */
    public static final int STATX_SIZE = 0x200;
    /** STATX_BLOCKS as the kernel header defines it. */
    public static final int STATX_BLOCKS = 0x400;
    /** The fields that stat(2) also returns. */
    public static final int STATX_BASIC_STATS = 0x7ff;
    /** STATX_BTIME as the kernel header defines it. */
    public static final int STATX_BTIME = 0x800;
    /** All fields of the original statx (deprecated). */
    public static final int STATX_ALL = 0xfff;
    /** STATX_MNT_ID as the kernel header defines it. */
    public static final int STATX_MNT_ID = 0x1000;
    /** STATX_DIOALIGN as the kernel header defines it. */
    public static final int STATX_DIOALIGN = 0x2000;

    // Attribute bits
    /** STATX_ATTR_COMPRESSED as the kernel header defines it. */
    public static final int STATX_ATTR_COMPRESSED = 4;
    /** STATX_ATTR_IMMUTABLE as the kernel header defines it. */
    public static final int STATX_ATTR_IMMUTABLE = 0x10;
    /** STATX_ATTR_APPEND as the kernel header defines it. */
    public static final int STATX_ATTR_APPEND = 0x20;
    /** STATX_ATTR_NODUMP as the kernel header defines it. */
    public static final int STATX_ATTR_NODUMP = 0x40;
    /** STATX_ATTR_ENCRYPTED as the kernel header defines it. */
    public static final int STATX_ATTR_ENCRYPTED = 0x800;
    /** STATX_ATTR_AUTOMOUNT as the kernel header defines it. */
    public static final int STATX_ATTR_AUTOMOUNT = 0x1000;
    /** STATX_ATTR_MOUNT_ROOT as the kernel header defines it. */
    public static final int STATX_ATTR_MOUNT_ROOT = 0x2000;
    /** STATX_ATTR_VERITY as the kernel header defines it. */
    public static final int STATX_ATTR_VERITY = 0x100000;
    /** STATX_ATTR_DAX as the kernel header defines it. */
    public static final int STATX_ATTR_DAX = 0x200000;

}
