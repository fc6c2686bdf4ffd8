package dev.zlx.abi;

/** struct timespec on a 64-bit architecture: tv_sec (s64) at 0, tv_nsec (s64) at 8. */
public record Timespec(long sec, long nsec) {
    /** sizeof(struct timespec). */
    public static final int SIZE = 16;
    /** utimensat(2)'s tv_nsec for "now" and for "leave this time alone" (linux/stat.h). */
    public static final long UTIME_NOW = (1L << 30) - 1;
    public static final long UTIME_OMIT = (1L << 30) - 2;

    /** Writes this timespec into dst at off. */
    public void write(byte[] dst, int off) {
        LittleEndian.putU64(dst, off, sec);
        LittleEndian.putU64(dst, off + 8, nsec);
    }

    /** This timespec as SIZE bytes. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        write(b, 0);
        return b;
    }

    /** The timespec at off in src. */
    public static Timespec read(byte[] src, int off) {
        return new Timespec(LittleEndian.getU64(src, off), LittleEndian.getU64(src, off + 8));
    }
}
