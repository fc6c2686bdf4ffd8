package dev.zlx.kernel.testing;

import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.SharedMemory;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** {@link SharedMemory} of Java pages for {@link FakeAddressSpace}; the garbage collector frees it. */
public final class FakeSharedMemory implements SharedMemory {
    private static final int PAGE = (int) AddressSpace.PAGE_SIZE;
    private final byte[][] pages;

    FakeSharedMemory(long size) {
        if (size <= 0 || size % PAGE != 0) {
            throw new IllegalArgumentException("bad shared memory size " + size);
        }
        pages = new byte[(int) (size / PAGE)][PAGE];
    }

    byte[] page(long offset) {
        return pages[(int) (offset / PAGE)];
    }

    @Override
    public long size() {
        return (long) pages.length * PAGE;
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        while (dst.hasRemaining()) {
            int in = (int) (offset % PAGE);
            int n = Math.min(dst.remaining(), PAGE - in);
            dst.put(page(offset), in, n);
            offset += n;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        while (src.hasRemaining()) {
            int in = (int) (offset % PAGE);
            int n = Math.min(src.remaining(), PAGE - in);
            src.get(page(offset), in, n);
            offset += n;
        }
    }

    @Override
    public void zero(long offset, long length) {
        for (long at = offset; at < offset + length; ) {
            int in = (int) (at % PAGE);
            int n = (int) Math.min(offset + length - at, PAGE - in);
            Arrays.fill(page(at), in, in + n, (byte) 0);
            at += n;
        }
    }

    @Override
    public void retain() {
        // Java memory: nothing to count.
    }

    @Override
    public void release() {
        // Java memory: nothing to count.
    }
}
