package dev.zlx.vfs;

/** A mounted file system: a tree of inodes under one root. */
public interface FileSystem {
    /** The type name as /proc/mounts shows it ("hostfs", "proc", "devtmpfs"). */
    String type();

    /** The root directory of this file system. */
    Inode root();

    /** Whether writes are refused with EROFS. */
    boolean readOnly();
}
