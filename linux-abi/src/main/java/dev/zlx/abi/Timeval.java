package dev.zlx.abi;

/** struct timeval on a 64-bit architecture: tv_sec (s64) at 0, tv_usec (s64) at 8. */
public record Timeval(long sec, long usec) {
    /** sizeof(struct timeval). */
    public static final int SIZE = 16;

    /** Writes this timeval into dst at off. */
    public void write(byte[] dst, int off) {
        LittleEndian.putU64(dst, off, sec);
        LittleEndian.putU64(dst, off + 8, usec);
    }

    /** This timeval as SIZE bytes. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        write(b, 0);
        return b;
    }

    /** The timeval at off in src. */
    public static Timeval read(byte[] src, int off) {
        return new Timeval(LittleEndian.getU64(src, off), LittleEndian.getU64(src, off + 8));
    }
}
