package dev.zlx.vfs.notify;

import dev.zlx.vfs.Inode;

/**
 * The events of a file system whose objects something besides zlx can change (hostfs: host
 * processes): a source watches the object itself (the host kernel's inotify) and reports every
 * change, zlx's own included, since zlx makes them through the same host calls. {@link FsNotify}
 * then leaves the objects the source watches to it, so no event comes twice.
 *
 * <p>A source reports through {@link FsNotify#reported}, {@link FsNotify#ended} and {@link
 * FsNotify#overflowed}. Its methods are called without the hub's lock and must not call back
 * into the hub.
 */
public interface NotifySource {
    /**
     * The guest watches on key (inode, just resolved) now ask for mask (events and
     * IN_EXCL_UNLINK; never empty). Returns whether the source watches it from now on; false
     * (no room, an object the source cannot name) leaves the object to zlx's own reports.
     */
    boolean watch(Inode inode, FsNotify.Key key, int mask);

    /** No guest watch is left on key. */
    void unwatch(FsNotify.Key key);

    /**
     * Reports now what the source has pending: a change made before this call (by zlx or
     * anybody) is queued when it returns, as Linux queues events in the call that changes.
     */
    void flush();
}
