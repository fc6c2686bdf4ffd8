package dev.zlx.abi;

/**
 * The kernel's struct sigaction as rt_sigaction(2) reads and writes it, the same on x86-64 and
 * aarch64 (both define SA_RESTORER): sa_handler at 0, sa_flags at 8, sa_restorer at 16, sa_mask
 * (one u64, signal n at bit n - 1) at 24; 32 bytes. This is not glibc's struct sigaction.
 */
public record KernelSigaction(long handler, long flags, long restorer, long mask) {
    /** sizeof(struct sigaction) in the kernel. */
    public static final int SIZE = 32;

    /** Writes this sigaction into dst at off. */
    public void write(byte[] dst, int off) {
        LittleEndian.putU64(dst, off, handler);
        LittleEndian.putU64(dst, off + 8, flags);
        LittleEndian.putU64(dst, off + 16, restorer);
        LittleEndian.putU64(dst, off + 24, mask);
    }

    /** This sigaction as SIZE bytes. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        write(b, 0);
        return b;
    }

    /** The sigaction at off in src. */
    public static KernelSigaction read(byte[] src, int off) {
        return new KernelSigaction(LittleEndian.getU64(src, off), LittleEndian.getU64(src, off + 8),
                LittleEndian.getU64(src, off + 16), LittleEndian.getU64(src, off + 24));
    }
}
