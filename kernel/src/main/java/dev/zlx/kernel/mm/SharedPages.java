package dev.zlx.kernel.mm;

import dev.zlx.abi.Errno;
import dev.zlx.cpu.CpuBackend;
import dev.zlx.cpu.CpuException;
import dev.zlx.cpu.SharedMemory;
import java.util.List;

/**
 * Where the pages of a MAP_SHARED area come from: the object that holds them (Linux's shmem
 * file behind a shared anonymous mapping, or a tmpfs file's page cache). Mapping them maps that
 * memory itself, so every process mapping it sees the same bytes.
 */
@FunctionalInterface
public interface SharedPages {
    /** length bytes at offset in memory: a piece of an object range. */
    record Piece(SharedMemory memory, long offset, long length) {
    }

    /**
     * The memory behind the page-aligned object range [offset, offset+length), in order; each
     * piece's memory is retained once for the caller, who releases it once mapped.
     */
    List<Piece> pieces(long offset, long length);

    /**
     * Shared anonymous memory (MAP_SHARED|MAP_ANONYMOUS): new zero-filled memory for each range
     * asked for. What forked children share is the memory mapped before the fork; a range added
     * later by mremap is this process's alone until it forks (Linux would share it with any
     * other mapper that grows its copy of the area to the same offsets).
     */
    static SharedPages anonymous(CpuBackend cpu) {
        return (offset, length) -> {
            try {
                return List.of(new Piece(cpu.createSharedMemory(length), 0, length));
            } catch (CpuException e) {
                throw Errno.ENOMEM.exception();
            }
        };
    }
}
