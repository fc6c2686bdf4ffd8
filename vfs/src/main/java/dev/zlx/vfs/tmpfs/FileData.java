package dev.zlx.vfs.tmpfs;

import dev.zlx.abi.Errno;
import dev.zlx.vfs.memory.PageMemory;
import dev.zlx.vfs.memory.SharedMappable.Piece;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes of one regular tmpfs file: a sparse list of extents, each a {@link PageMemory}
 * block of the mount's extent size allocated on first write, with the 4 KiB pages ever written
 * (or handed to a mapping) marked; those pages are what st_blocks and the size limit count.
 * Holes read as zeros. Guarded by this object's monitor.
 */
final class FileData {
    /** Linux's MAX_LFS_FILESIZE on 64-bit. */
    static final long MAX_SIZE = Long.MAX_VALUE;
    private static final int PAGE = TmpFs.PAGE_SIZE;

    private final TmpFs fs;
    private final long extentSize;
    private final int pagesPerExtent;
    private final TreeMap<Long, Extent> extents = new TreeMap<>();
    private long size;
    private long pages;

    private static final class Extent {
        final PageMemory memory;
        final BitSet written = new BitSet();

        Extent(PageMemory memory) {
            this.memory = memory;
        }
    }

    FileData(TmpFs fs) {
        this.fs = fs;
        this.extentSize = fs.extentSize();
        this.pagesPerExtent = (int) (extentSize / PAGE);
    }

    synchronized long size() {
        return size;
    }

    /** 512-byte blocks of the pages held. */
    synchronized long blocks() {
        return pages * (PAGE / 512);
    }

    /** Copies from offset into dst up to the end of file; returns the count (0 at or past the end). */
    synchronized int read(ByteBuffer dst, long offset) {
        if (offset >= size || !dst.hasRemaining()) {
            return 0;
        }
        int total = (int) Math.min(dst.remaining(), size - offset);
        int done = 0;
        while (done < total) {
            long pos = offset + done;
            long index = pos / extentSize;
            long within = pos % extentSize;
            int n = (int) Math.min(total - done, extentSize - within);
            Extent e = extents.get(index);
            ByteBuffer part = dst.slice(dst.position(), n);
            if (e == null) {
                part.put(new byte[n]);
            } else {
                e.memory.read(within, part);
            }
            dst.position(dst.position() + n);
            done += n;
        }
        return total;
    }

    /**
     * Copies src into the file at offset (the end when offset is negative: O_APPEND), growing
     * it. Stops at the first page the size limit refuses: a short count, or ENOSPC when nothing
     * was written. Returns the count; endOut[0] gets the offset after the last byte.
     */
    synchronized int write(ByteBuffer src, long offset, long[] endOut) {
        long start = offset < 0 ? size : offset;
        int wanted = src.remaining();
        if (start > MAX_SIZE - wanted) {
            throw Errno.EFBIG.exception();
        }
        int done = 0;
        while (done < wanted) {
            long pos = start + done;
            long index = pos / extentSize;
            int within = (int) (pos % extentSize);
            int n = (int) Math.min(wanted - done, extentSize - within);
            Extent e = extent(index, true);
            // Reserve the pages this piece touches; stop at the limit (a short write).
            int firstPage = within / PAGE;
            int lastPage = (within + n - 1) / PAGE;
            int allowed = n;
            for (int p = firstPage; p <= lastPage; p++) {
                if (!e.written.get(p)) {
                    if (!fs.reservePage()) {
                        allowed = Math.max(0, p * PAGE - within);
                        break;
                    }
                    e.written.set(p);
                    pages++;
                }
            }
            if (allowed > 0) {
                e.memory.write(within, src.slice(src.position(), allowed));
                src.position(src.position() + allowed);
                done += allowed;
            }
            if (allowed < n) {
                break;
            }
        }
        if (done == 0 && wanted > 0) {
            throw Errno.ENOSPC.exception();
        }
        size = Math.max(size, start + done);
        endOut[0] = start + done;
        return done;
    }

    private Extent extent(long index, boolean create) {
        Extent e = extents.get(index);
        if (e == null && create) {
            e = new Extent(fs.allocator().allocate(extentSize));
            extents.put(index, e);
        }
        return e;
    }

    /**
     * Sets the size: growing leaves a hole; shrinking zeroes the cut part of the last extent,
     * gives back the pages wholly past the end and releases the extents past it.
     */
    synchronized void truncate(long newSize) {
        if (newSize >= size) {
            size = newSize;
            return;
        }
        long keepExtents = (newSize + extentSize - 1) / extentSize;
        var beyond = extents.tailMap(keepExtents, true);
        for (Extent e : beyond.values()) {
            drop(e);
        }
        beyond.clear();
        long cut = newSize % extentSize;
        if (cut != 0) {
            Extent last = extents.get(newSize / extentSize);
            if (last != null) {
                long oldEndWithin = Math.min(extentSize, size - (newSize - cut));
                last.memory.zero(cut, oldEndWithin - cut);
                int firstFreed = (int) ((cut + PAGE - 1) / PAGE);
                int freed = last.written.get(firstFreed, pagesPerExtent).cardinality();
                last.written.clear(firstFreed, pagesPerExtent);
                pages -= freed;
                fs.unreservePages(freed);
            }
        }
        size = newSize;
    }

    /**
     * Reserves the pages of [offset, offset+length) (fallocate); ENOSPC when the size limit has
     * no room, after giving back the pages this call took. Without keepSize the file grows to
     * the range's end.
     */
    synchronized void allocate(long offset, long length, boolean keepSize) {
        long firstPage = offset / PAGE;
        long endPage = (offset + length - 1) / PAGE + 1;
        List<long[]> taken = new ArrayList<>();
        for (long p = firstPage; p < endPage; p++) {
            Extent e = extent(p / pagesPerExtent, true);
            int page = (int) (p % pagesPerExtent);
            if (e.written.get(page)) {
                continue;
            }
            if (!fs.reservePage()) {
                for (long[] t : taken) {
                    extents.get(t[0]).written.clear((int) t[1]);
                }
                pages -= taken.size();
                fs.unreservePages(taken.size());
                throw Errno.ENOSPC.exception();
            }
            e.written.set(page);
            pages++;
            taken.add(new long[] {p / pagesPerExtent, page});
        }
        if (!keepSize) {
            size = Math.max(size, offset + length);
        }
    }

    /**
     * FALLOC_FL_PUNCH_HOLE: [offset, offset+length) reads as zeros and its whole pages are given
     * back; the size stays. Extents stay in place, since shared mappings may hold them.
     */
    synchronized void punch(long offset, long length) {
        long end = offset + length;
        for (Map.Entry<Long, Extent> entry : extents.entrySet()) {
            long base = entry.getKey() * extentSize;
            long from = Math.max(offset, base);
            long to = Math.min(end, base + extentSize);
            if (from >= to) {
                continue;
            }
            Extent e = entry.getValue();
            e.memory.zero(from - base, to - from);
            int firstWhole = (int) ((from - base + PAGE - 1) / PAGE);
            int endWhole = (int) ((to - base) / PAGE);
            if (firstWhole < endWhole) {
                int freed = e.written.get(firstWhole, endWhole).cardinality();
                e.written.clear(firstWhole, endWhole);
                pages -= freed;
                fs.unreservePages(freed);
            }
        }
    }

    private void drop(Extent e) {
        int held = e.written.cardinality();
        pages -= held;
        fs.unreservePages(held);
        e.memory.release();
    }

    /** Frees every extent: the file is gone (mappings keep their own references). */
    synchronized void releaseAll() {
        for (Extent e : extents.values()) {
            drop(e);
        }
        extents.clear();
    }

    /**
     * The memory behind [offset, offset+length) (page-aligned), allocating holes and counting
     * their pages as written; ENOMEM when the size limit has no room for them (the mapping
     * cannot be backed). Each piece is retained for the caller.
     */
    synchronized List<Piece> pages(long offset, long length) {
        if (offset < 0 || length <= 0 || offset % PAGE != 0 || length % PAGE != 0) {
            throw Errno.EINVAL.exception();
        }
        List<Piece> out = new ArrayList<>();
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            long index = pos / extentSize;
            long within = pos % extentSize;
            long n = Math.min(end - pos, extentSize - within);
            Extent e = extent(index, true);
            for (int p = (int) (within / PAGE); p < (within + n) / PAGE; p++) {
                if (!e.written.get(p)) {
                    if (!fs.reservePage()) {
                        for (Piece given : out) {
                            given.memory().release();
                        }
                        throw Errno.ENOMEM.exception();
                    }
                    e.written.set(p);
                    pages++;
                }
            }
            e.memory.retain();
            out.add(new Piece(e.memory, within, n));
            pos += n;
        }
        return out;
    }

    /**
     * lseek's SEEK_DATA (data true) or SEEK_HOLE from offset: pages held count as data, as
     * shmem_file_llseek sees them; ENXIO at or past the end.
     */
    synchronized long seekDataOrHole(long offset, boolean data) {
        if (offset < 0 || offset >= size) {
            throw Errno.ENXIO.exception();
        }
        long pos = offset;
        while (pos < size) {
            long index = pos / extentSize;
            Extent e = extents.get(index);
            int page = (int) (pos % extentSize / PAGE);
            boolean isData = e != null && e.written.get(page);
            if (isData == data) {
                return Math.max(pos, offset);
            }
            long next;
            if (e == null) {
                Map.Entry<Long, Extent> after = extents.higherEntry(index);
                next = data ? (after == null ? size : after.getKey() * extentSize) : (index + 1) * extentSize;
            } else {
                int to = data ? e.written.nextSetBit(page) : e.written.nextClearBit(page);
                next = to < 0 || to >= pagesPerExtent ? (index + 1) * extentSize : index * extentSize + (long) to * PAGE;
            }
            pos = next;
        }
        if (data) {
            throw Errno.ENXIO.exception();
        }
        return size;
    }
}
