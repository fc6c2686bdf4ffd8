package dev.zlx.vfs;

/**
 * Who creates a file: the creating task's fsuid and the group the new object gets (its fsgid,
 * unless the directory is set-group-ID, which the file system decides).
 */
public record Owner(int uid, int gid) {
    /** root:root, for objects zlx itself creates. */
    public static final Owner ROOT = new Owner(0, 0);
}
