package dev.zlx.vfs;

import dev.zlx.abi.FileStat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Device numbers for file systems without a block device (Linux's get_anon_bdev: major 0):
 * each new tmpfs or overlay gets its own, as st_dev shows.
 */
public final class AnonymousDevices {
    /** Above the minors zlx's fixed file systems use (anon inodes are 0:16). */
    private static final AtomicInteger NEXT_MINOR = new AtomicInteger(40);

    private AnonymousDevices() {
    }

    /** A device number no other file system of this JVM has. */
    public static long next() {
        return FileStat.makedev(0, NEXT_MINOR.getAndIncrement());
    }
}
