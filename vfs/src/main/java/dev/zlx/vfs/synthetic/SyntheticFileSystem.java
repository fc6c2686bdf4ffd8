package dev.zlx.vfs.synthetic;

import dev.zlx.abi.Errno;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file system whose objects are made by code, not stored: /proc, /sys, /dev. Its root is a
 * directory given at construction; inode numbers come from a counter, the device number is
 * the file system's own.
 */
public final class SyntheticFileSystem implements FileSystem {
    private static final AtomicLong NEXT_DEVICE = new AtomicLong(0x1000);

    private final String type;
    private final long device = NEXT_DEVICE.incrementAndGet();
    private final AtomicLong nextIno = new AtomicLong(1);
    private final long createdSeconds = System.currentTimeMillis() / 1000;
    private Inode root;
    private volatile Refusals refusals = Refusals.READ_ONLY;

    /**
     * What making a new name in one of its directories fails with: a regular file (open with
     * O_CREAT), a directory, and a symlink, device node or hard link. Linux's answers depend on
     * the file system: procfs's lookups fail first (ENOENT), kernfs has no create (EACCES) or
     * mkdir (EPERM) operation.
     */
    public record Refusals(Errno file, Errno directory, Errno other) {
        /** The default: as a read-only file system. */
        public static final Refusals READ_ONLY = new Refusals(Errno.EROFS, Errno.EROFS, Errno.EPERM);
    }

    public SyntheticFileSystem(String type) {
        this.type = type;
    }

    /** Sets what making a new name fails with (see {@link Refusals}). */
    public void setRefusals(Refusals refusals) {
        this.refusals = refusals;
    }

    Refusals refusals() {
        return refusals;
    }

    /** Sets the root directory; done once, right after construction. */
    public void setRoot(Inode root) {
        this.root = root;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Inode root() {
        return root;
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public dev.zlx.abi.Statfs statfs() {
        long magic = type.equals("proc") ? dev.zlx.abi.Statfs.PROC_SUPER_MAGIC
                : type.equals("sysfs") ? dev.zlx.abi.Statfs.SYSFS_MAGIC : dev.zlx.abi.Statfs.TMPFS_MAGIC;
        return new dev.zlx.abi.Statfs(magic, 4096, 0, 0, 0, 0, 0, 255, 0);
    }

    long device() {
        return device;
    }

    long createdSeconds() {
        return createdSeconds;
    }

    long allocateIno() {
        return nextIno.getAndIncrement();
    }
}
