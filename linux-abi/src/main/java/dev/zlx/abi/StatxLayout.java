package dev.zlx.abi;

/**
 * struct statx of statx(2) (linux/stat.h), 256 bytes, the same on every architecture. Timestamps
 * are struct statx_timestamp (s64 tv_sec, u32 tv_nsec, 4 reserved bytes); device numbers are
 * split into major and minor as {@link FileStat#major} and {@link FileStat#minor} do. Fields
 * after stx_mnt_id (dio alignment and later additions) are left zero.
 */
public final class StatxLayout {
    /** sizeof(struct statx). */
    public static final int SIZE = 256;

    private StatxLayout() {
    }

    /**
     * The struct statx for these attributes.
     *
     * @param mask the STATX_* bits of the fields that are filled in
     * @param attributes the STATX_ATTR_* bits that are set
     * @param attributesMask the STATX_ATTR_* bits this file system supports
     * @param btime the birth time, or null for zero
     * @param mountId the mount id (stx_mnt_id)
     */
    public static byte[] encode(FileStat st, int mask, long attributes, long attributesMask, Timespec btime,
            long mountId) {
        byte[] b = new byte[SIZE];
        LittleEndian.putU32(b, 0, mask);
        LittleEndian.putU32(b, 4, st.blksize());
        LittleEndian.putU64(b, 8, attributes);
        LittleEndian.putU32(b, 16, (int) st.nlink());
        LittleEndian.putU32(b, 20, st.uid());
        LittleEndian.putU32(b, 24, st.gid());
        LittleEndian.putU16(b, 28, st.mode());
        LittleEndian.putU64(b, 32, st.ino());
        LittleEndian.putU64(b, 40, st.size());
        LittleEndian.putU64(b, 48, st.blocks());
        LittleEndian.putU64(b, 56, attributesMask);
        putTimestamp(b, 64, st.atimeSec(), st.atimeNsec());
        if (btime != null) {
            putTimestamp(b, 80, btime.sec(), btime.nsec());
        }
        putTimestamp(b, 96, st.ctimeSec(), st.ctimeNsec());
        putTimestamp(b, 112, st.mtimeSec(), st.mtimeNsec());
        LittleEndian.putU32(b, 128, FileStat.major(st.rdev()));
        LittleEndian.putU32(b, 132, FileStat.minor(st.rdev()));
        LittleEndian.putU32(b, 136, FileStat.major(st.dev()));
        LittleEndian.putU32(b, 140, FileStat.minor(st.dev()));
        LittleEndian.putU64(b, 144, mountId);
        return b;
    }

    private static void putTimestamp(byte[] b, int off, long sec, long nsec) {
        LittleEndian.putU64(b, off, sec);
        LittleEndian.putU32(b, off + 8, (int) nsec);
    }
}
