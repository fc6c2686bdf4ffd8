package dev.zlx.cpu.unicorn;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Host memory for {@link UnicornSharedMemory}, carved from large reservations: the host allows
 * a process only vm.max_map_count mappings (65530 by default), and tmpfs asks for a block per
 * file, so a block of its own per request would stop at some 65,000 files. Reservations are
 * MAP_NORESERVE address space: memory is used only where the guest writes. Freed blocks are
 * reused for a request of the same size, zero-filled; blocks larger than a quarter of a
 * reservation get a mapping of their own.
 *
 * <p>How a freed block is made zero: a block with few written pages (a small file's) has them
 * zero-filled and kept, up to {@link #KEPT_MAX} bytes in all, because giving them back
 * (MADV_DONTNEED) costs a TLB shoot-down on every CPU that ran a thread of this JVM, and the
 * next write a page fault; others go back to the host with MADV_DONTNEED.
 */
final class SharedMemoryPool {
    /** Address space per reservation. */
    static final long RESERVATION = 1L << 30;
    private static final long LARGE = RESERVATION / 4;
    /** Written pages a freed block may keep (zero-filled) instead of going back to the host. */
    private static final long KEEP_PAGES = 16;
    /** The most memory kept that way, over all free blocks. */
    static final long KEPT_MAX = 32L << 20;

    private record Free(MemorySegment block, long keptBytes) {
    }

    private static final Map<Long, ArrayDeque<Free>> FREE = new HashMap<>();
    /** This process's page table, open for the pool's life (used under the pool's lock); null if unreadable. */
    private static HostMemory.PageMap pageMap;
    private static boolean pageMapTried;
    private static MemorySegment reservation;
    private static long used;
    private static long kept;

    private SharedMemoryPool() {
    }

    /** Zero-filled host memory of size bytes (a multiple of the host page). */
    static synchronized MemorySegment allocate(long size) {
        if (size > LARGE) {
            return HostMemory.map(size);
        }
        ArrayDeque<Free> reuse = FREE.get(size);
        if (reuse != null && !reuse.isEmpty()) {
            Free f = reuse.pop();
            kept -= f.keptBytes();
            return f.block();
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
        long keptBytes = 0;
        long written = -1;
        if (kept + KEEP_PAGES * HostMemory.HOST_PAGE <= KEPT_MAX) {
            if (!pageMapTried) {
                pageMapTried = true;
                pageMap = HostMemory.PageMap.openShared();
            }
            written = pageMap == null ? -1 : pageMap.zeroWrittenPages(block, KEEP_PAGES);
        }
        if (written >= 0) {
            keptBytes = written * HostMemory.HOST_PAGE;
            kept += keptBytes;
        } else {
            HostMemory.discard(block, size);
        }
        FREE.computeIfAbsent(size, s -> new ArrayDeque<>()).push(new Free(block, keptBytes));
    }
}
