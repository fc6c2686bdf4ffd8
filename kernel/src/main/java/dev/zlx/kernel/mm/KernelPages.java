package dev.zlx.kernel.mm;

import dev.zlx.abi.Errno;
import dev.zlx.cpu.CpuBackend;
import dev.zlx.cpu.CpuException;
import dev.zlx.cpu.SharedMemory;
import dev.zlx.vfs.memory.PageAllocator;
import dev.zlx.vfs.memory.PageMemory;
import dev.zlx.vfs.memory.SharedMappable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * File pages for the VFS (tmpfs, memfd) made of the CPU backend's shared memory, so that a
 * MAP_SHARED mapping of such a file maps the file's pages themselves.
 */
public final class KernelPages implements PageAllocator {
    private final CpuBackend cpu;

    public KernelPages(CpuBackend cpu) {
        this.cpu = cpu;
    }

    @Override
    public PageMemory allocate(long size) {
        try {
            return new Pages(cpu.createSharedMemory(size));
        } catch (CpuException e) {
            throw Errno.ENOMEM.exception();
        }
    }

    /**
     * The shared pages of a file whose memory came from a KernelPages; ENODEV for a file whose
     * memory the CPU cannot map (another allocator's).
     */
    public static SharedPages of(SharedMappable file) {
        return (offset, length) -> {
            List<SharedMappable.Piece> pieces = file.pages(offset, length);
            List<SharedPages.Piece> out = new ArrayList<>(pieces.size());
            for (SharedMappable.Piece p : pieces) {
                if (!(p.memory() instanceof Pages pages)) {
                    pieces.forEach(q -> q.memory().release());
                    throw Errno.ENODEV.exception();
                }
                out.add(new SharedPages.Piece(pages.memory, p.offset(), p.length()));
            }
            return out;
        };
    }

    /** A PageMemory that is the backend's shared memory. */
    private record Pages(SharedMemory memory) implements PageMemory {
        @Override
        public long size() {
            return memory.size();
        }

        @Override
        public void read(long offset, ByteBuffer dst) {
            memory.read(offset, dst);
        }

        @Override
        public void write(long offset, ByteBuffer src) {
            memory.write(offset, src);
        }

        @Override
        public void zero(long offset, long length) {
            memory.zero(offset, length);
        }

        @Override
        public void retain() {
            memory.retain();
        }

        @Override
        public void release() {
            memory.release();
        }
    }
}
