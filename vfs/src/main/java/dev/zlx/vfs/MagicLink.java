package dev.zlx.vfs;

/**
 * A procfs "magic" symlink (/proc/PID/fd/N, /proc/PID/exe): following it reaches the object
 * itself, not what its text names. When {@link #isDirect()} holds, the path walk stops at the
 * link and {@link Inode#open} on it opens the object (a pipe, a terminal) that has no path.
 */
public interface MagicLink extends Inode {
    /** Whether the object is reached through the link itself rather than its text. */
    boolean isDirect();

    /**
     * What a walk that does not follow the last name ends at (lstat, readlink, O_NOFOLLOW):
     * the link as a symlink, even when following it reaches the object directly.
     */
    default Inode unfollowed() {
        return this;
    }

    /** The open description a direct link reaches (not retained), or null if it reaches none. */
    default OpenFile description() {
        return null;
    }
}
