package dev.zlx.abi;

import java.util.ArrayList;
import java.util.List;

/** struct iovec on a 64-bit architecture: iov_base (pointer) at 0, iov_len (size_t) at 8. */
public record Iovec(long base, long len) {
    /** sizeof(struct iovec). */
    public static final int SIZE = 16;

    /** The iovec at off in src. */
    public static Iovec read(byte[] src, int off) {
        return new Iovec(LittleEndian.getU64(src, off), LittleEndian.getU64(src, off + 8));
    }

    /** The count consecutive iovecs that start at offset 0 of src (at least count * SIZE bytes). */
    public static List<Iovec> readArray(byte[] src, int count) {
        List<Iovec> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(read(src, i * SIZE));
        }
        return out;
    }

    /** Writes this iovec into dst at off. */
    public void write(byte[] dst, int off) {
        LittleEndian.putU64(dst, off, base);
        LittleEndian.putU64(dst, off + 8, len);
    }
}
