package dev.zlx.cpu.unicorn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** A block comes back zero-filled whichever way it was freed: written pages kept, or given back. */
class SharedMemoryPoolTest {
    private static final long BLOCK = 2L << 20;

    private static long nonZeroBytes(MemorySegment block) {
        return block.elements(ValueLayout.JAVA_BYTE).filter(b -> b.get(ValueLayout.JAVA_BYTE, 0) != 0).count();
    }

    @Test
    void reusedBlock_readsZero_afterFewWrittenPages() {
        MemorySegment a = SharedMemoryPool.allocate(BLOCK);
        a.set(ValueLayout.JAVA_LONG, 8, -1L);
        a.set(ValueLayout.JAVA_BYTE, BLOCK - 1, (byte) 7);
        byte[] sink = new byte[4096];
        MemorySegment.copy(a, ValueLayout.JAVA_BYTE, 40960, sink, 0, sink.length); // only read
        SharedMemoryPool.free(a);
        MemorySegment b = SharedMemoryPool.allocate(BLOCK);
        assertEquals(a.address(), b.address(), "the freed block is reused");
        assertEquals(0, nonZeroBytes(b));
        SharedMemoryPool.free(b);
    }

    @Test
    void reusedBlock_readsZero_afterManyWrittenPages() {
        MemorySegment a = SharedMemoryPool.allocate(BLOCK);
        for (long off = 0; off < BLOCK; off += 4096) {
            a.set(ValueLayout.JAVA_BYTE, off + 5, (byte) 1);
        }
        SharedMemoryPool.free(a);
        MemorySegment b = SharedMemoryPool.allocate(BLOCK);
        assertEquals(0, nonZeroBytes(b));
        SharedMemoryPool.free(b);
    }
}
