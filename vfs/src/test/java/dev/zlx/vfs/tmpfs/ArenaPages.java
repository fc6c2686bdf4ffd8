package dev.zlx.vfs.tmpfs;

import dev.zlx.vfs.memory.PageAllocator;
import dev.zlx.vfs.memory.PageMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/** A test PageAllocator over Arena.ofShared() memory that counts live blocks. */
public final class ArenaPages implements PageAllocator {
    final AtomicInteger live = new AtomicInteger();
    final AtomicInteger allocated = new AtomicInteger();

    @Override
    public PageMemory allocate(long size) {
        live.incrementAndGet();
        allocated.incrementAndGet();
        return new Block(size);
    }

    final class Block implements PageMemory {
        private final Arena arena = Arena.ofShared();
        private final MemorySegment segment;
        private final AtomicInteger refs = new AtomicInteger(1);

        Block(long size) {
            segment = arena.allocate(size, 4096);
        }

        @Override
        public long size() {
            return segment.byteSize();
        }

        @Override
        public void read(long offset, ByteBuffer dst) {
            int n = dst.remaining();
            MemorySegment.ofBuffer(dst).copyFrom(segment.asSlice(offset, n));
            dst.position(dst.position() + n);
        }

        @Override
        public void write(long offset, ByteBuffer src) {
            int n = src.remaining();
            segment.asSlice(offset, n).copyFrom(MemorySegment.ofBuffer(src));
            src.position(src.position() + n);
        }

        @Override
        public void zero(long offset, long length) {
            segment.asSlice(offset, length).fill((byte) 0);
        }

        @Override
        public void retain() {
            if (refs.getAndIncrement() <= 0) {
                throw new IllegalStateException("retain after free");
            }
        }

        @Override
        public void release() {
            int left = refs.decrementAndGet();
            if (left == 0) {
                live.decrementAndGet();
                arena.close();
            } else if (left < 0) {
                throw new IllegalStateException("released twice");
            }
        }

        byte get(long offset) {
            return segment.get(java.lang.foreign.ValueLayout.JAVA_BYTE, offset);
        }
    }
}
