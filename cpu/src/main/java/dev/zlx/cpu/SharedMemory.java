package dev.zlx.cpu;

import java.nio.ByteBuffer;

/**
 * Memory that several address spaces map at once (MAP_SHARED areas, tmpfs pages, System V
 * segments), made by the backend ({@link CpuBackend#createSharedMemory}) because the backend
 * decides how guest memory is backed. Every space that maps it ({@link AddressSpace#mapShared})
 * and the kernel's own reads and writes here see the same bytes. Its size never changes; it
 * starts zero-filled. Reference-counted: the creator holds the first reference and each mapping
 * one more; the memory goes back at the last release.
 */
public interface SharedMemory {
    /** Bytes, a multiple of {@link AddressSpace#PAGE_SIZE}. */
    long size();

    /** Copies dst.remaining() bytes from offset into dst, advancing its position. */
    void read(long offset, ByteBuffer dst);

    /** Copies src.remaining() bytes to offset, advancing src's position. */
    void write(long offset, ByteBuffer src);

    /** Zero-fills [offset, offset+length); whole pages may go back to the host. */
    void zero(long offset, long length);

    /** One more user. */
    void retain();

    /** One user fewer; the last frees the memory (mappings hold their own references). */
    void release();

    /** A byte of shared memory: where an address of a MAP_SHARED area lives (futex keys). */
    record Location(SharedMemory memory, long offset) {
    }
}
