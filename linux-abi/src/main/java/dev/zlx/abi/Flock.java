package dev.zlx.abi;

/**
 * struct flock of fcntl(2)'s record locks, the same on x86-64 and aarch64 (asm-generic/fcntl.h
 * with a 64-bit off_t): l_type (short) at 0, l_whence (short) at 2, l_start (off_t) at 8, l_len
 * (off_t) at 16, l_pid (pid_t) at 24, padded to 32 bytes.
 */
public record Flock(int type, int whence, long start, long len, int pid) {
    /** sizeof(struct flock). */
    public static final int SIZE = 32;

    /** The struct at off in src; l_type and l_whence are signed shorts. */
    public static Flock read(byte[] src, int off) {
        return new Flock((short) LittleEndian.getU16(src, off), (short) LittleEndian.getU16(src, off + 2),
                LittleEndian.getU64(src, off + 8), LittleEndian.getU64(src, off + 16),
                LittleEndian.getU32(src, off + 24));
    }

    /** This struct as SIZE bytes (the padding zeroed). */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        LittleEndian.putU16(b, 0, type);
        LittleEndian.putU16(b, 2, whence);
        LittleEndian.putU64(b, 8, start);
        LittleEndian.putU64(b, 16, len);
        LittleEndian.putU32(b, 24, pid);
        return b;
    }
}
