package dev.zlx.orchestrator;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.zlx.abi.Errno;
import dev.zlx.vfs.memory.PageAllocator;
import dev.zlx.vfs.memory.PageMemory;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEMPORARY placeholder, to be replaced by the lead's dev.zlx.kernel.mm.KernelPages (the CPU
 * backend's shared memory): tmpfs file pages in anonymous host mmap memory, so that untouched
 * pages of a 2 MiB extent cost nothing. The CPU cannot map these blocks into guests.
 */
final class PlaceholderPages implements PageAllocator {
    private static final int PROT_READ_WRITE = 3;
    private static final int MAP_PRIVATE_ANONYMOUS_NORESERVE = 0x02 | 0x20 | 0x4000;
    private static final int MADV_DONTNEED = 4;
    private static final int PAGE = 4096;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MMAP = LINKER.downcallHandle(LINKER.defaultLookup().find("mmap").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = LINKER.downcallHandle(
            LINKER.defaultLookup().find("munmap").orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle MADVISE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("madvise").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    @Override
    public PageMemory allocate(long size) {
        MemorySegment base;
        try {
            base = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, size, PROT_READ_WRITE,
                    MAP_PRIVATE_ANONYMOUS_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw Errno.ENOMEM.exception();
        }
        if (base.address() == -1L) {
            throw Errno.ENOMEM.exception();
        }
        return new Block(base.reinterpret(size));
    }

    private static final class Block implements PageMemory {
        private final MemorySegment memory;
        private final AtomicInteger references = new AtomicInteger(1);

        Block(MemorySegment memory) {
            this.memory = memory;
        }

        @Override
        public long size() {
            return memory.byteSize();
        }

        @Override
        public void read(long offset, ByteBuffer dst) {
            int n = dst.remaining();
            MemorySegment.ofBuffer(dst).copyFrom(memory.asSlice(offset, n));
            dst.position(dst.position() + n);
        }

        @Override
        public void write(long offset, ByteBuffer src) {
            int n = src.remaining();
            memory.asSlice(offset, n).copyFrom(MemorySegment.ofBuffer(src));
            src.position(src.position() + n);
        }

        /** Whole pages go back to the host (MADV_DONTNEED reads as zeros); the edges are filled. */
        @Override
        public void zero(long offset, long length) {
            long firstWhole = (offset + PAGE - 1) / PAGE * PAGE;
            long endWhole = (offset + length) / PAGE * PAGE;
            if (endWhole <= firstWhole) {
                memory.asSlice(offset, length).fill((byte) 0);
                return;
            }
            memory.asSlice(offset, firstWhole - offset).fill((byte) 0);
            memory.asSlice(endWhole, offset + length - endWhole).fill((byte) 0);
            try {
                int rc = (int) MADVISE.invokeExact(memory.asSlice(firstWhole), endWhole - firstWhole, MADV_DONTNEED);
                if (rc != 0) {
                    memory.asSlice(firstWhole, endWhole - firstWhole).fill((byte) 0);
                }
            } catch (Throwable t) {
                memory.asSlice(firstWhole, endWhole - firstWhole).fill((byte) 0);
            }
        }

        @Override
        public void retain() {
            references.incrementAndGet();
        }

        @Override
        public void release() {
            if (references.decrementAndGet() == 0) {
                try {
                    int rc = (int) MUNMAP.invokeExact(memory, memory.byteSize());
                    assert rc == 0;
                } catch (Throwable t) {
                    // The mapping stays; nothing the guest can observe.
                }
            }
        }
    }
}
