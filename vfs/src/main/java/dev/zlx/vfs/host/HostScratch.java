package dev.zlx.vfs.host;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/**
 * Native memory for the arguments of one host call, from a block each thread keeps: the
 * per-call confined Arena it replaces cost an allocation and a free (and zeroing) per call.
 * Used as try (HostScratch s = HostScratch.open()) { ... }: what was allocated inside is given
 * back at close, so calls may nest. Memory from {@link #allocate} is zeroed as an Arena's is;
 * {@link #buffer} is not, for buffers the host fills. What does not fit in the block comes from
 * a confined arena closed with the outermost scope.
 */
final class HostScratch implements SegmentAllocator, AutoCloseable {
    /**
     * Enough for a call's names, a stat buffer, a first try at an attribute and a directory
     * block; kept small, as every thread that makes host calls holds one.
     */
    private static final long SIZE = 16 * 1024;
    private static final ThreadLocal<HostScratch> OF_THREAD = ThreadLocal.withInitial(HostScratch::new);

    /** Given back when the thread's scratch is no longer reachable. */
    private final MemorySegment block = Arena.ofAuto().allocate(SIZE, 16);
    private long used;
    private int depth;
    private final long[] marks = new long[16];
    private Arena overflow;

    private HostScratch() {
    }

    /** This thread's scratch, opened for one more scope. */
    static HostScratch open() {
        HostScratch s = OF_THREAD.get();
        if (s.depth == s.marks.length) {
            throw new IllegalStateException("host calls nested too deep");
        }
        s.marks[s.depth++] = s.used;
        return s;
    }

    /** Zeroed memory, as Arena.allocate gives. */
    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        return buffer(byteSize, byteAlignment).fill((byte) 0);
    }

    /** Memory whose contents are undefined until written. */
    MemorySegment buffer(long byteSize, long byteAlignment) {
        long start = (used + byteAlignment - 1) & -byteAlignment;
        if (start + byteSize > SIZE) {
            if (overflow == null) {
                overflow = Arena.ofConfined();
            }
            return overflow.allocate(byteSize, byteAlignment);
        }
        used = start + byteSize;
        return block.asSlice(start, byteSize);
    }

    @Override
    public void close() {
        used = marks[--depth];
        if (depth == 0 && overflow != null) {
            overflow.close();
            overflow = null;
        }
    }
}
