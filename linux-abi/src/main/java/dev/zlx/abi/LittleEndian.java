package dev.zlx.abi;

/** Explicit little-endian reads and writes of guest struct fields in byte arrays. */
final class LittleEndian {
    private LittleEndian() {
    }

    /** Writes the low 16 bits of v at off. */
    static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    /** Writes v at off. */
    static void putU32(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    /** Writes v at off. */
    static void putU64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    /** Reads an unsigned 16-bit value at off. */
    static int getU16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    /** Reads a 32-bit value at off. */
    static int getU32(byte[] b, int off) {
        int v = 0;
        for (int i = 3; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return v;
    }

    /** Reads a 64-bit value at off. */
    static long getU64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return v;
    }
}
