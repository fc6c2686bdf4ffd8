package dev.zlx.cpu.unicorn;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.zlx.cpu.SharedMemory;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared memory for Unicorn engines: host pages of this process ({@link SharedMemoryPool}),
 * which every engine that maps them reaches through uc_mem_map_ptr at the same host address. Engines that map it are put in
 * one {@link ExecutionDomain} (see there why).
 */
final class UnicornSharedMemory implements SharedMemory {
    final MemorySegment host;
    private final AtomicInteger references = new AtomicInteger(1);
    /** The domain of the engines mapping it; null until first mapped (guarded by ExecutionDomain.MERGE). */
    ExecutionDomain domain;

    UnicornSharedMemory(long size) {
        if (size <= 0 || size % HostMemory.HOST_PAGE != 0) {
            throw new IllegalArgumentException("shared memory size " + size + " is not a positive multiple of the page");
        }
        host = SharedMemoryPool.allocate(size);
    }

    @Override
    public long size() {
        return host.byteSize();
    }

    private MemorySegment slice(long offset, long length) {
        Objects.checkFromIndexSize(offset, length, host.byteSize());
        return host.asSlice(offset, length);
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        int n = dst.remaining();
        MemorySegment from = slice(offset, n);
        if (dst.hasArray()) {
            MemorySegment.copy(from, JAVA_BYTE, 0, dst.array(), dst.arrayOffset() + dst.position(), n);
        } else {
            MemorySegment.ofBuffer(dst).copyFrom(from);
        }
        dst.position(dst.position() + n);
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        int n = src.remaining();
        MemorySegment to = slice(offset, n);
        if (src.hasArray()) {
            MemorySegment.copy(src.array(), src.arrayOffset() + src.position(), to, JAVA_BYTE, 0, n);
        } else {
            to.copyFrom(MemorySegment.ofBuffer(src));
        }
        src.position(src.position() + n);
    }

    @Override
    public void zero(long offset, long length) {
        MemorySegment range = slice(offset, length);
        long page = HostMemory.HOST_PAGE;
        long firstWhole = (offset + page - 1) / page * page;
        long endWhole = (offset + length) / page * page;
        if (endWhole > firstWhole) {
            // Whole pages go back to the host and read as zero afterwards.
            range.asSlice(0, firstWhole - offset).fill((byte) 0);
            HostMemory.discard(host.asSlice(firstWhole, endWhole - firstWhole), endWhole - firstWhole);
            range.asSlice(endWhole - offset).fill((byte) 0);
        } else {
            range.fill((byte) 0);
        }
    }

    @Override
    public void retain() {
        if (references.getAndIncrement() <= 0) {
            throw new IllegalStateException("shared memory already freed");
        }
    }

    @Override
    public void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            SharedMemoryPool.free(host);
        } else if (left < 0) {
            throw new IllegalStateException("shared memory released more often than retained");
        }
    }
}
