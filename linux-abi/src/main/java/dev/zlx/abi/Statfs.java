package dev.zlx.abi;

/**
 * struct statfs of statfs(2) on 64-bit Linux (asm-generic/statfs.h; x86-64's own header has the
 * same layout): 120 bytes, every word 64 bits except the two halves of f_fsid.
 *
 * @param type the file system's magic number (linux/magic.h)
 * @param blockSize f_bsize
 * @param blocks total data blocks
 * @param freeBlocks free blocks
 * @param availableBlocks free blocks available to unprivileged users
 * @param files total inodes
 * @param freeFiles free inodes
 * @param nameMax longest file name (f_namelen)
 * @param flags ST_* mount flags (f_flags)
 */
public record Statfs(long type, long blockSize, long blocks, long freeBlocks, long availableBlocks, long files,
        long freeFiles, long nameMax, long flags) {
    /** sizeof(struct statfs). */
    public static final int SIZE = 120;

    /** linux/magic.h numbers of the file systems zlx shows. */
    public static final long EXT4_SUPER_MAGIC = 0xEF53;
    public static final long TMPFS_MAGIC = 0x01021994;
    public static final long OVERLAYFS_SUPER_MAGIC = 0x794c7630;
    public static final long XFS_SUPER_MAGIC = 0x58465342;
    public static final long BTRFS_SUPER_MAGIC = 0x9123683EL;
    public static final long PROC_SUPER_MAGIC = 0x9fa0;
    public static final long SYSFS_MAGIC = 0x62656572;
    public static final long DEVPTS_SUPER_MAGIC = 0x1cd1;
    /** statfs flags (f_flags): ST_RDONLY, ST_NOSUID, ST_NODEV, ST_NOEXEC, ST_VALID. */
    public static final long ST_RDONLY = 1;
    public static final long ST_NOSUID = 2;
    public static final long ST_NODEV = 4;
    public static final long ST_NOEXEC = 8;
    public static final long ST_VALID = 0x20;
    public static final long ST_SYNCHRONOUS = 16;
    public static final long ST_MANDLOCK = 64;
    public static final long ST_NOATIME = 1024;
    public static final long ST_NODIRATIME = 2048;
    public static final long ST_RELATIME = 4096;
    public static final long ST_NOSYMFOLLOW = 8192;

    /** statfs's f_flags for a mount's MS_* flags (calculate_f_flags). */
    public static long ofMountFlags(long ms) {
        long st = ms & (ST_RDONLY | ST_NOSUID | ST_NODEV | ST_NOEXEC | ST_SYNCHRONOUS | ST_MANDLOCK | ST_NOATIME
                | ST_NODIRATIME);
        if ((ms & MountFlags.MS_RELATIME) != 0) {
            st |= ST_RELATIME;
        }
        if ((ms & MountFlags.MS_NOSYMFOLLOW) != 0) {
            st |= ST_NOSYMFOLLOW;
        }
        return st;
    }

    /** The struct as the guest reads it (f_fsid and f_spare zero). */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        LittleEndian.putU64(b, 0, type);
        LittleEndian.putU64(b, 8, blockSize);
        LittleEndian.putU64(b, 16, blocks);
        LittleEndian.putU64(b, 24, freeBlocks);
        LittleEndian.putU64(b, 32, availableBlocks);
        LittleEndian.putU64(b, 40, files);
        LittleEndian.putU64(b, 48, freeFiles);
        LittleEndian.putU64(b, 64, nameMax);
        LittleEndian.putU64(b, 72, blockSize);
        LittleEndian.putU64(b, 80, flags);
        return b;
    }
}
