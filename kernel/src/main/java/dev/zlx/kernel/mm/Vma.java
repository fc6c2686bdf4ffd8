package dev.zlx.kernel.mm;

import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.memory.SharedMappable;

/**
 * A virtual memory area: a page-aligned range with one protection and one origin, as
 * /proc/PID/maps lists them.
 *
 * @param start first address (page-aligned)
 * @param end address after the last byte (page-aligned)
 * @param prot PROT_* bits
 * @param shared whether MAP_SHARED was asked
 * @param file the mapped file, or null for anonymous memory
 * @param fileOffset offset in the file of start
 * @param name what maps shows for it: a file path, "[heap]", "[stack]", or null
 * @param pages where a MAP_SHARED area's pages come from (fileOffset is their offset there),
 *     or null when its memory is private (a private mapping, or a read-only shared mapping
 *     of a file that holds no mappable pages, which gets a copy)
 */
public record Vma(long start, long end, int prot, boolean shared, MappedFile file, long fileOffset, String name,
        SharedPages pages) {
    /** An area with private memory. */
    public Vma(long start, long end, int prot, boolean shared, MappedFile file, long fileOffset, String name) {
        this(start, end, prot, shared, file, fileOffset, name, null);
    }

    /**
     * A mapped file: the open description it came from, how maps names it, and, for a shared
     * mapping that may write the file's own pages, the file that counts such mappings (else
     * null). Every area holds one reference ({@link #retain}, {@link #release}).
     */
    public record MappedFile(OpenFile description, String path, long dev, long ino, SharedMappable writableShare) {
        public MappedFile(OpenFile description, String path, long dev, long ino) {
            this(description, path, dev, ino, null);
        }

        /** One more area maps the file (a new mapping, a split, a fork's copy). */
        void retain() {
            if (writableShare != null) {
                writableShare.writableMappingAdded();
            }
            description.retain();
        }

        /** An area that mapped the file is gone. */
        void release() {
            if (writableShare != null) {
                writableShare.writableMappingRemoved();
            }
            description.close();
        }
    }

    public long length() {
        return end - start;
    }

    /** This area cut to [from, to), with the file offset moved along. */
    Vma slice(long from, long to) {
        boolean hasOffset = file != null || pages != null;
        return new Vma(from, to, prot, shared, file, hasOffset ? fileOffset + (from - start) : 0, name, pages);
    }

    Vma withProt(int newProt) {
        return new Vma(start, end, newProt, shared, file, fileOffset, name, pages);
    }
}
