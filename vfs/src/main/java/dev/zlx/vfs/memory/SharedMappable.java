package dev.zlx.vfs.memory;

import java.util.List;

/**
 * A file whose pages live in {@link PageMemory} (tmpfs, memfd): mmap(MAP_SHARED) maps those
 * pages themselves, so every mapping and read(2)/write(2) see the same bytes.
 */
public interface SharedMappable {
    /** A piece of a file range: length bytes at offset in memory. */
    record Piece(PageMemory memory, long offset, long length) {
    }

    /**
     * The memory behind the page-aligned file range [offset, offset+length), in file order,
     * allocating what holes it has (a mapping makes them part of the file's memory, as faulting
     * them in does on Linux). Each piece's memory is retained once for the caller.
     */
    List<Piece> pages(long offset, long length);
}
