package dev.zlx.elf;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/** Random read access to the bytes of an executable; the kernel adapts its open files to it. */
public interface ElfSource {

    /** The size of the file in bytes. */
    long size() throws IOException;

    /**
     * Reads up to {@code len} bytes at {@code offset} into {@code dst[off..off+len)} and returns
     * how many were read: fewer than {@code len} only at the end of the file, 0 at or past it.
     */
    int read(long offset, byte[] dst, int off, int len) throws IOException;

    /** A source over a copy-free view of {@code bytes} (the caller must not change them). */
    static ElfSource of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new ElfSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public int read(long offset, byte[] dst, int off, int len) {
                Objects.checkFromIndexSize(off, len, dst.length);
                if (offset < 0) {
                    throw new IllegalArgumentException("negative offset " + offset);
                }
                if (offset >= bytes.length) {
                    return 0;
                }
                int n = (int) Math.min(len, bytes.length - offset);
                System.arraycopy(bytes, (int) offset, dst, off, n);
                return n;
            }

            @Override
            public String toString() {
                return "ElfSource.of(" + bytes.length + " bytes, " + Arrays.hashCode(bytes) + ")";
            }
        };
    }
}
