package dev.zlx.cpu.unicorn;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Host memory for {@link UnicornSharedMemory}, carved from large reservations: the host allows
 * a process only vm.max_map_count mappings (65530 by default), and tmpfs asks for a block per
 * file, so a block of its own per request would stop at some 65,000 files. Reservations are
 * MAP_NORESERVE address space: memory is used only where the guest writes. Freed blocks go back
 * to the host (MADV_DONTNEED, so they read as zero) and are reused for a request of the same
 * size; blocks larger than a quarter of a reservation get a mapping of their own.
 */
final class SharedMemoryPool {
    /** Address space per reservation. */
    static final long RESERVATION = 1L << 30;
    private static final long LARGE = RESERVATION / 4;

    private static final Map<Long, ArrayDeque<MemorySegment>> FREE = new HashMap<>();
    private static MemorySegment reservation;
    private static long used;

    private SharedMemoryPool() {
    }

    /** Zero-filled host memory of size bytes (a multiple of the host page). */
    static synchronized MemorySegment allocate(long size) {
        if (size > LARGE) {
            return HostMemory.map(size);
        }
        ArrayDeque<MemorySegment> reuse = FREE.get(size);
        if (reuse != null && !reuse.isEmpty()) {
            return reuse.pop();
        }
        if (reservation == null || used + size > RESERVATION) {
            reservation = HostMemory.map(RESERVATION);
            used = 0;
        }
        MemorySegment block = reservation.asSlice(used, size);
        used += size;
        return block;
    }

    /** Gives a block from {@link #allocate} back. */
    static synchronized void free(MemorySegment block) {
        long size = block.byteSize();
        if (size > LARGE) {
            HostMemory.unmap(block, size);
            return;
        }
        HostMemory.discard(block, size);
        FREE.computeIfAbsent(size, s -> new ArrayDeque<>()).push(block);
    }
}
