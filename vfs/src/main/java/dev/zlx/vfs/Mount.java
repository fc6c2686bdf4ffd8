package dev.zlx.vfs;

import dev.zlx.abi.MountFlags;

/**
 * A file system attached at a point of the guest's tree (Linux's struct mount). Compared by
 * identity: two mounts of one file system are different mounts. Its flags change by remount
 * and its point by pivot_root; both are read without locks (volatile).
 */
public final class Mount {
    /** Mount ids as mountinfo and fdinfo's mnt_id show them: unique, a copy in a new namespace gets its own. */
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_ID = new java.util.concurrent.atomic.AtomicInteger(21);
    private final int id = NEXT_ID.getAndIncrement();
    private final FileSystem fileSystem;
    private final String source;
    private volatile String mountPoint;
    private volatile long flags;
    private volatile boolean expiryMarked;
    /**
     * MNT_LOCKED with the MNT_LOCK_* flags, or -1: a mount copied into a mount namespace owned
     * by a less privileged user namespace may not be unmounted or moved, and the flags here
     * (those of MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC it had) may not be cleared.
     */
    private volatile long lockedFlags = -1;

    /**
     * @param mountPoint the canonical absolute guest path ("/" for the root)
     * @param fileSystem what is mounted there (the whole file system, or a subtree for a bind mount)
     * @param flags the per-mount MS_* flags ({@link MountFlags#MS_PER_MOUNT})
     * @param source what /proc/mounts names as the source ("tmpfs", a device, a bound path)
     */
    public Mount(String mountPoint, FileSystem fileSystem, long flags, String source) {
        this.mountPoint = mountPoint;
        this.fileSystem = fileSystem;
        this.flags = flags & MountFlags.MS_PER_MOUNT;
        this.source = source;
    }

    /** The mount's id (mnt_id). */
    public int id() {
        return id;
    }

    public String mountPoint() {
        return mountPoint;
    }

    public FileSystem fileSystem() {
        return fileSystem;
    }

    public String source() {
        return source;
    }

    /** The per-mount MS_* flags. */
    public long flags() {
        return flags;
    }

    /** Whether the mount refuses writes (MS_RDONLY), whatever the file system allows. */
    public boolean readOnly() {
        return (flags & MountFlags.MS_RDONLY) != 0;
    }

    /** Whether the flag is set on this mount (MS_NOEXEC, MS_NOSUID, MS_NODEV…). */
    public boolean has(long flag) {
        return (flags & flag) != 0;
    }

    /**
     * umount2(MNT_EXPIRE): the first call marks the mount and says false, the next says true
     * (Linux also clears the mark whenever the mount is used; zlx does not track use).
     */
    public boolean markExpiry() {
        boolean was = expiryMarked;
        expiryMarked = true;
        return was;
    }

    /** Whether the mount is locked (MNT_LOCKED): umount2 and MS_MOVE refuse it with EINVAL. */
    public boolean locked() {
        return lockedFlags >= 0;
    }

    /**
     * The locks of a copy (copy_tree keeps them); lockNow adds lock_mnt_tree's, as for a copy
     * into a namespace of a less privileged user namespace.
     */
    public void lockLike(Mount original, boolean lockNow) {
        long locks = original.lockedFlags;
        if (lockNow) {
            locks = Math.max(locks, 0) | (flags & LOCKABLE);
        }
        lockedFlags = locks;
    }

    /** can_change_locked_flags: a remount may not clear a locked flag. */
    public boolean mayTakeFlags(long newFlags) {
        return !locked() || (lockedFlags & ~newFlags) == 0;
    }

    private static final long LOCKABLE = MountFlags.MS_RDONLY | MountFlags.MS_NOSUID | MountFlags.MS_NODEV
            | MountFlags.MS_NOEXEC;

    /** mount(MS_REMOUNT): new per-mount flags. */
    void setFlags(long newFlags) {
        this.flags = newFlags & MountFlags.MS_PER_MOUNT;
    }

    void moveTo(String newMountPoint) {
        this.mountPoint = newMountPoint;
    }

    @Override
    public String toString() {
        return source + " on " + mountPoint + " type " + fileSystem.type() + (readOnly() ? " (ro)" : " (rw)");
    }
}
