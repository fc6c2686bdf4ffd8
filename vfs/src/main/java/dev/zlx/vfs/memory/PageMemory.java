package dev.zlx.vfs.memory;

import java.nio.ByteBuffer;

/**
 * A block of memory that holds file pages and that the CPU can map into guest address spaces
 * as it is (Linux's page cache of a shmem file). The kernel supplies it ({@link PageAllocator}),
 * since the CPU backend decides how guest memory is backed; a file system only stores bytes in
 * it and hands it to the kernel for MAP_SHARED mappings. Its size never changes, and it starts
 * zero-filled. Reference-counted: the allocator's caller holds the first reference, each
 * mapping of it one more; the memory is freed at the last release.
 */
public interface PageMemory {
    /** Bytes in the block, a multiple of the page size. */
    long size();

    /** Copies dst.remaining() bytes from offset into dst, advancing its position. */
    void read(long offset, ByteBuffer dst);

    /** Copies src.remaining() bytes into the block at offset, advancing src's position. */
    void write(long offset, ByteBuffer src);

    /** Zero-fills [offset, offset+length) (pages may go back to the host). */
    void zero(long offset, long length);

    /** One more user. */
    void retain();

    /** One user fewer; the last one frees the memory. */
    void release();
}
