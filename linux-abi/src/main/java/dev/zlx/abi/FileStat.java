package dev.zlx.abi;

/**
 * The attributes stat(2) reports, independent of any architecture's struct layout;
 * {@link StatLayout} and {@link StatxLayout} encode them. Device numbers are glibc-style dev_t
 * values (see {@link #makedev}).
 */
public record FileStat(long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size, int blksize,
        long blocks, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec, long ctimeSec, long ctimeNsec) {

    /** These attributes with another owner and group (ids as a user namespace sees them). */
    public FileStat withOwner(int uid, int gid) {
        return new FileStat(dev, ino, mode, nlink, uid, gid, rdev, size, blksize, blocks, atimeSec, atimeNsec, mtimeSec,
                mtimeNsec, ctimeSec, ctimeNsec);
    }

    /** The dev_t of a major and minor number, as glibc's makedev (gnu_dev_makedev) builds it. */
    public static long makedev(int major, int minor) {
        long maj = major & 0xffffffffL;
        long min = minor & 0xffffffffL;
        return (maj & 0x00000fffL) << 8 | (maj & 0xfffff000L) << 32 | (min & 0x000000ffL)
                | (min & 0xffffff00L) << 12;
    }

    /** The major number of a dev_t: ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfff). */
    public static int major(long dev) {
        return (int) ((dev >>> 8) & 0xfff | (dev >>> 32) & 0xfffff000L);
    }

    /** The minor number of a dev_t: (dev & 0xff) | ((dev >> 12) & ~0xff). */
    public static int minor(long dev) {
        return (int) (dev & 0xff | (dev >>> 12) & 0xffffff00L);
    }
}
