package dev.zlx.abi;

/** struct rlimit on a 64-bit architecture: rlim_cur (u64) at 0, rlim_max (u64) at 8; see {@link Resource}. */
public record Rlimit(long cur, long max) {
    /** sizeof(struct rlimit). */
    public static final int SIZE = 16;

    /** Writes this rlimit into dst at off. */
    public void write(byte[] dst, int off) {
        LittleEndian.putU64(dst, off, cur);
        LittleEndian.putU64(dst, off + 8, max);
    }

    /** This rlimit as SIZE bytes. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        write(b, 0);
        return b;
    }

    /** The rlimit at off in src. */
    public static Rlimit read(byte[] src, int off) {
        return new Rlimit(LittleEndian.getU64(src, off), LittleEndian.getU64(src, off + 8));
    }
}
