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

    /**
     * A MAP_SHARED mapping that may write (the file was open for writing) begins: EPERM if a
     * write seal forbids it. Each such mapping (each area, after splits and forks) is counted
     * until {@link #writableMappingRemoved}, so that F_SEAL_WRITE can refuse with EBUSY.
     */
    default void writableMappingAdded() {
    }

    /** A mapping counted by {@link #writableMappingAdded} is gone. */
    default void writableMappingRemoved() {
    }
}
