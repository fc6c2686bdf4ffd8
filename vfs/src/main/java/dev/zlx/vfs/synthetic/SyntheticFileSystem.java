package dev.zlx.vfs.synthetic;

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

    public SyntheticFileSystem(String type) {
        this.type = type;
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
