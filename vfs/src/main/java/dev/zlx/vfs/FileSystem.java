package dev.zlx.vfs;

/** A mounted file system: a tree of inodes under one root. */
public interface FileSystem {
    /** The type name as /proc/mounts shows it ("hostfs", "proc", "devtmpfs"). */
    String type();

    /** The root directory of this file system. */
    Inode root();

    /** Whether writes are refused with EROFS. */
    boolean readOnly();

    /**
     * syncfs(2): what the guest wrote reaches durable storage. Nothing to do for file systems
     * that live in zlx's memory (as for Linux's tmpfs and proc).
     */
    default void sync() {
    }

    /** What statfs(2) reports (the mount adds its flags). */
    default dev.zlx.abi.Statfs statfs() {
        return new dev.zlx.abi.Statfs(dev.zlx.abi.Statfs.TMPFS_MAGIC, 4096, 0, 0, 0, 0, 0, 255, 0);
    }

    /**
     * Where the inotify events of this file system's objects come from when something besides
     * zlx can change them (hostfs: the host kernel); null when every change goes through zlx,
     * which reports it itself.
     */
    default dev.zlx.vfs.notify.NotifySource notifySource() {
        return null;
    }
}
