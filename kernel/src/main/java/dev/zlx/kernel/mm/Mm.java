package dev.zlx.kernel.mm;

import dev.zlx.abi.Errno;
import dev.zlx.abi.KernelLimits;
import dev.zlx.abi.Mman;
import dev.zlx.cpu.AddressSpace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;

/**
 * A process's memory descriptor (Linux's mm_struct): the list of VMAs over the backend's
 * address space, the program break, and the placement policy of mmap (top-down from the mmap
 * base, as Linux's default layout). Every change to the VMAs goes through here so that they and
 * the backend's mappings never disagree. Its monitor is Linux's mmap_lock: the threads of a
 * process (and processes sharing it through CLONE_VM) change it in parallel. Lock order: this
 * monitor, then the backend's execution lock.
 */
public final class Mm implements AutoCloseable {
    public static final long PAGE = AddressSpace.PAGE_SIZE;
    /** Linux's default vm.mmap_min_addr. */
    public static final long MMAP_MIN_ADDR = 0x10000;

    private final AddressSpace space;
    private final long taskSize;
    private final TreeMap<Long, Vma> vmas = new TreeMap<>();
    private long mmapBase;
    private long brkStart;
    private long brk;
    private long addressSpaceLimit = Long.MAX_VALUE;
    /** vm.max_map_count, read at each check. */
    private IntSupplier maxMapCount = () -> KernelLimits.MAX_MAP_COUNT;
    /** Processes using this memory: more than one after clone(CLONE_VM) without CLONE_THREAD (vfork). */
    private int users = 1;

    public Mm(AddressSpace space, long taskSize) {
        this.space = space;
        this.taskSize = taskSize;
        this.mmapBase = taskSize;
    }

    /**
     * fork's copy: the same VMAs, break and placement over newSpace, which holds a copy of this
     * space's memory. Mapped files gain a reference each.
     */
    public synchronized Mm copyInto(AddressSpace newSpace) {
        Mm c = new Mm(newSpace, taskSize);
        c.vmas.putAll(vmas);
        for (Vma v : vmas.values()) {
            if (v.file() != null) {
                v.file().retain();
            }
        }
        c.mmapBase = mmapBase;
        c.brkStart = brkStart;
        c.brk = brk;
        c.addressSpaceLimit = addressSpaceLimit;
        c.maxMapCount = maxMapCount;
        return c;
    }

    public AddressSpace space() {
        return space;
    }

    /** The highest user address + 1 (TASK_SIZE). */
    public long taskSize() {
        return taskSize;
    }

    public synchronized void setMmapBase(long base) {
        this.mmapBase = base;
    }

    /** Sets the start of the heap; the break starts there. */
    public synchronized void setBrkStart(long start) {
        this.brkStart = start;
        this.brk = start;
    }

    /** The program break now. */
    public synchronized long currentBreak() {
        return brk;
    }

    public synchronized long brkStart() {
        return brkStart;
    }

    /** Where vm.max_map_count is read (the kernel's sysctl). */
    public synchronized void setMaxMapCount(IntSupplier limit) {
        this.maxMapCount = limit;
    }

    /** RLIMIT_AS: mappings that would make the total larger fail with ENOMEM. */
    public synchronized void setAddressSpaceLimit(long bytes) {
        this.addressSpaceLimit = bytes;
    }

    /** The VMAs in address order. */
    public synchronized List<Vma> vmas() {
        return List.copyOf(vmas.values());
    }

    public static long pageUp(long v) {
        return (v + PAGE - 1) & -PAGE;
    }

    public static long pageDown(long v) {
        return v & -PAGE;
    }

    /** Total mapped bytes (VmSize). */
    public synchronized long totalMapped() {
        long total = 0;
        for (Vma v : vmas.values()) {
            total += v.length();
        }
        return total;
    }

    private boolean isFree(long start, long end) {
        if (start < MMAP_MIN_ADDR || end > taskSize || end <= start) {
            return false;
        }
        Map.Entry<Long, Vma> below = vmas.lowerEntry(end);
        return below == null || below.getValue().end() <= start;
    }

    /** The highest free range of length bytes below limit, or ENOMEM. */
    public synchronized long findFreeTopDown(long length, long limit) {
        long candidateEnd = Math.min(limit, taskSize);
        while (candidateEnd - length >= MMAP_MIN_ADDR) {
            long start = candidateEnd - length;
            Map.Entry<Long, Vma> below = vmas.lowerEntry(candidateEnd);
            if (below == null || below.getValue().end() <= start) {
                return start;
            }
            candidateEnd = below.getValue().start();
        }
        throw Errno.ENOMEM.exception();
    }

    /**
     * Maps a new area as mmap(2) places it: at addr when MAP_FIXED (replacing what is there), at
     * addr when it is a free hint, else top-down below the mmap base. Returns the address. The
     * memory is zero-filled; the caller fills file contents.
     */
    public synchronized long map(long addr, long length, int prot, int flags, Vma.MappedFile file, long offset, String name) {
        long len = pageUp(length);
        long start = place(addr, length, flags);
        unmap(start, len);
        if (file != null) {
            file.retain();
        }
        space.map(start, len, prot);
        vmas.put(start, new Vma(start, start + len, prot, (flags & Mman.MAP_TYPE) != Mman.MAP_PRIVATE,
                file, offset, name));
        return start;
    }

    /**
     * Maps a new MAP_SHARED area over pages from offset (placed as {@link #map} does): the
     * memory is the pages' own, shared with every other mapping of them.
     */
    public synchronized long mapShared(long addr, long length, int prot, int flags, SharedPages pages, long offset,
            Vma.MappedFile file, String name) {
        long len = pageUp(length);
        long start = place(addr, length, flags);
        if (file != null) {
            file.retain(); // first: a write seal refuses the mapping before anything changes
        }
        List<SharedPages.Piece> pieces;
        try {
            pieces = pages.pieces(offset, len);
        } catch (RuntimeException e) {
            if (file != null) {
                file.release();
            }
            throw e;
        }
        try {
            unmap(start, len);
            mapPieces(start, prot, pieces);
        } finally {
            pieces.forEach(p -> p.memory().release());
        }
        vmas.put(start, new Vma(start, start + len, prot, true, file, offset, name, pages));
        return start;
    }

    private void mapPieces(long start, int prot, List<SharedPages.Piece> pieces) {
        long at = start;
        for (SharedPages.Piece p : pieces) {
            space.mapShared(at, p.length(), prot, p.memory(), p.offset());
            at += p.length();
        }
    }

    /** Where a new area of length bytes goes (mmap's rules); checks the limits but maps nothing. */
    private long place(long addr, long length, int flags) {
        long len = pageUp(length);
        if (length <= 0 || len <= 0 || len > taskSize) {
            throw Errno.ENOMEM.exception();
        }
        // do_mmap's "too many mappings?": the count may reach max_map_count + 1.
        if (vmas.size() > maxMapCount.getAsInt()) {
            throw Errno.ENOMEM.exception();
        }
        boolean fixed = (flags & Mman.MAP_FIXED) != 0;
        boolean noReplace = (flags & Mman.MAP_FIXED_NOREPLACE) != 0;
        long start;
        if (fixed || noReplace) {
            if ((addr & (PAGE - 1)) != 0) {
                throw Errno.EINVAL.exception();
            }
            if (addr < MMAP_MIN_ADDR || addr + len > taskSize || addr + len < addr) {
                throw (addr < MMAP_MIN_ADDR ? Errno.EPERM : Errno.ENOMEM).exception();
            }
            if (noReplace && !isFree(addr, addr + len)) {
                throw Errno.EEXIST.exception();
            }
            start = addr;
            checkPunch(start, start + len);
        } else {
            long hint = pageUp(addr);
            start = hint != 0 && isFree(hint, hint + len) ? hint : findFreeTopDown(len, mmapBase);
        }
        if (totalMapped() + len - overlap(start, start + len) > addressSpaceLimit) {
            throw Errno.ENOMEM.exception();
        }
        return start;
    }

    private long overlap(long start, long end) {
        long total = 0;
        for (Vma v : vmas.subMap(vmas.floorKey(start) == null ? start : vmas.floorKey(start), end).values()) {
            total += Math.max(0, Math.min(end, v.end()) - Math.max(start, v.start()));
        }
        return total;
    }

    /** munmap(2): removes every VMA part in [addr, addr+length); holes are fine. */
    public synchronized void unmap(long addr, long length) {
        if ((addr & (PAGE - 1)) != 0 || length <= 0) {
            throw Errno.EINVAL.exception();
        }
        long end = addr + pageUp(length);
        if (end > taskSize || end < addr) {
            throw Errno.EINVAL.exception();
        }
        checkPunch(addr, end);
        for (Vma v : split(addr, end)) {
            vmas.remove(v.start());
            space.unmap(v.start(), v.length());
            if (v.file() != null) {
                v.file().release();
            }
        }
    }

    /** mprotect(2): the whole range must be mapped (ENOMEM otherwise). */
    public synchronized void protect(long addr, long length, int prot) {
        if ((addr & (PAGE - 1)) != 0) {
            throw Errno.EINVAL.exception();
        }
        long end = addr + pageUp(length);
        if (end < addr) {
            throw Errno.ENOMEM.exception();
        }
        if (end == addr) {
            return;
        }
        requireMapped(addr, end);
        // split_vma refuses each split that would reach max_map_count.
        int splits = (inside(addr) ? 1 : 0) + (inside(end) ? 1 : 0);
        if (splits > 0 && vmas.size() + splits > maxMapCount.getAsInt()) {
            throw Errno.ENOMEM.exception();
        }
        for (Vma v : split(addr, end)) {
            vmas.put(v.start(), v.withProt(prot));
        }
        space.protect(addr, end - addr, prot);
    }

    private void requireMapped(long start, long end) {
        long cursor = start;
        Map.Entry<Long, Vma> e = vmas.floorEntry(start);
        if (e == null || e.getValue().end() <= start) {
            throw Errno.ENOMEM.exception();
        }
        while (cursor < end) {
            Vma v = vmas.floorEntry(cursor).getValue();
            if (v.end() <= cursor) {
                throw Errno.ENOMEM.exception();
            }
            cursor = v.end();
        }
    }

    /** Whether addr lies strictly inside a VMA (splitting there makes one more). */
    private boolean inside(long addr) {
        Map.Entry<Long, Vma> e = vmas.lowerEntry(addr);
        return e != null && e.getValue().end() > addr;
    }

    /**
     * Unmapping [start, end) from the middle of one VMA leaves one more; at max_map_count that
     * is ENOMEM (vms_gather_munmap_vmas).
     */
    private void checkPunch(long start, long end) {
        Map.Entry<Long, Vma> e = vmas.lowerEntry(start);
        if (e != null && e.getValue().end() > end && vmas.size() >= maxMapCount.getAsInt()) {
            throw Errno.ENOMEM.exception();
        }
    }

    /** Splits the VMAs at start and end and returns those now inside [start, end). */
    private List<Vma> split(long start, long end) {
        splitAt(start);
        splitAt(end);
        Long from = vmas.ceilingKey(start);
        if (from == null || from >= end) {
            return List.of();
        }
        return new ArrayList<>(vmas.subMap(from, end).values());
    }

    private void splitAt(long addr) {
        Map.Entry<Long, Vma> e = vmas.lowerEntry(addr);
        if (e != null && e.getValue().end() > addr) {
            Vma v = e.getValue();
            vmas.put(v.start(), v.slice(v.start(), addr));
            vmas.put(addr, v.slice(addr, v.end()));
            if (v.file() != null) {
                v.file().retain();
            }
        }
    }

    /** Private writable memory mapped (what overcommit accounting charges). */
    public synchronized long committedBytes() {
        long total = 0;
        for (Vma v : vmas.values()) {
            if (charged(v.shared(), v.prot())) {
                total += v.length();
            }
        }
        return total;
    }

    /** Whether an area of this kind counts as committed memory: private and writable. */
    public static boolean charged(boolean shared, int prot) {
        return !shared && (prot & Mman.PROT_WRITE) != 0;
    }

    /** Bytes of [addr, addr+length) that mprotect to prot would newly commit. */
    public synchronized long newlyCharged(long addr, long length, int prot) {
        long end = addr + pageUp(length);
        long total = 0;
        for (Vma v : vmas.values()) {
            if (v.end() > addr && v.start() < end && !charged(v.shared(), v.prot()) && charged(v.shared(), prot)) {
                total += Math.min(end, v.end()) - Math.max(addr, v.start());
            }
        }
        return total;
    }

    /** The VMA containing addr, or null. */
    public synchronized Vma find(long addr) {
        Map.Entry<Long, Vma> e = vmas.floorEntry(addr);
        return e != null && e.getValue().end() > addr ? e.getValue() : null;
    }

    /** brk(2): moves the break; returns the new break, or the old one when it cannot move. */
    public synchronized long brk(long requested) {
        if (requested < brkStart) {
            return brk;
        }
        long oldTop = pageUp(brk);
        long newTop = pageUp(requested);
        if (newTop > oldTop) {
            if (!isFree(oldTop, newTop) || totalMapped() + (newTop - oldTop) > addressSpaceLimit
                    || vmas.size() > maxMapCount.getAsInt()) { // do_brk_flags's limits
                return brk;
            }
            space.map(oldTop, newTop - oldTop, Mman.PROT_READ | Mman.PROT_WRITE);
            Vma heap = find(oldTop - 1);
            if (heap != null && "[heap]".equals(heap.name()) && heap.end() == oldTop) {
                vmas.put(heap.start(), new Vma(heap.start(), newTop, heap.prot(), false, null, 0, "[heap]"));
            } else {
                vmas.put(oldTop, new Vma(oldTop, newTop, Mman.PROT_READ | Mman.PROT_WRITE, false, null, 0, "[heap]"));
            }
        } else if (newTop < oldTop) {
            unmap(newTop, oldTop - newTop);
        }
        brk = requested;
        return brk;
    }

    /**
     * mremap(2): shrink, grow in place, or move (MREMAP_MAYMOVE/FIXED). A move takes the pages
     * along (contents and sharing, no copy); a grown part is backed as the area is (zero
     * pages, the file's contents, or more shared pages).
     */
    public synchronized long remap(long oldAddr, long oldSize, long newSize, int flags, long newAddr) {
        if ((oldAddr & (PAGE - 1)) != 0 || newSize == 0
                || (flags & ~(Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED | Mman.MREMAP_DONTUNMAP)) != 0
                || ((flags & Mman.MREMAP_FIXED) != 0 && (flags & Mman.MREMAP_MAYMOVE) == 0)) {
            throw Errno.EINVAL.exception();
        }
        if ((flags & Mman.MREMAP_DONTUNMAP) != 0) {
            throw Errno.EINVAL.exception();
        }
        long oldLen = pageUp(oldSize);
        long newLen = pageUp(newSize);
        Vma vma = find(oldAddr);
        if (vma == null || oldLen == 0 || oldAddr + oldLen > vma.end()) {
            throw Errno.EFAULT.exception();
        }
        if ((flags & Mman.MREMAP_FIXED) == 0) {
            if (newLen <= oldLen) {
                if (newLen < oldLen) {
                    unmap(oldAddr + newLen, oldLen - newLen);
                }
                return oldAddr;
            }
            if (oldAddr + oldLen == vma.end() && isFree(oldAddr + oldLen, oldAddr + newLen)) {
                if (totalMapped() + (newLen - oldLen) > addressSpaceLimit) {
                    throw Errno.ENOMEM.exception();
                }
                Vma grown = new Vma(vma.start(), oldAddr + newLen, vma.prot(), vma.shared(), vma.file(),
                        vma.fileOffset(), vma.name(), vma.pages());
                back(grown, oldAddr + oldLen, newLen - oldLen);
                vmas.put(vma.start(), grown);
                return oldAddr;
            }
            if ((flags & Mman.MREMAP_MAYMOVE) == 0) {
                throw Errno.ENOMEM.exception();
            }
        } else if ((newAddr & (PAGE - 1)) != 0 || rangesOverlap(oldAddr, oldLen, newAddr, newLen)) {
            throw Errno.EINVAL.exception();
        }
        // move_vma: a move may split the old and the new area, so it wants room for three more.
        if (vmas.size() >= maxMapCount.getAsInt() - 3) {
            throw Errno.ENOMEM.exception();
        }
        long keep = Math.min(oldLen, newLen);
        if ((flags & Mman.MREMAP_FIXED) != 0) {
            if (newAddr < MMAP_MIN_ADDR || newAddr + newLen > taskSize || newAddr + newLen < newAddr) {
                throw Errno.EINVAL.exception();
            }
            unmap(newAddr, newLen);
        }
        long target = (flags & Mman.MREMAP_FIXED) != 0 ? newAddr : findFreeTopDown(newLen, mmapBase);
        if (totalMapped() + (newLen - oldLen) > addressSpaceLimit) {
            throw Errno.ENOMEM.exception();
        }
        if (newLen < oldLen) {
            unmap(oldAddr + newLen, oldLen - newLen);
        }
        Vma moving = split(oldAddr, oldAddr + keep).getFirst();
        vmas.remove(moving.start());
        space.move(oldAddr, keep, target);
        // The file reference of the moved part goes with it.
        Vma placed = new Vma(target, target + newLen, moving.prot(), moving.shared(), moving.file(),
                moving.fileOffset(), moving.name(), moving.pages());
        vmas.put(target, placed);
        if (newLen > keep) {
            back(placed, target + keep, newLen - keep);
        }
        return target;
    }

    /** Maps [at, at+length), a new part of area v, with what v's pages are made of. */
    private void back(Vma v, long at, long length) {
        long objectOffset = v.fileOffset() + (at - v.start());
        if (v.pages() != null) {
            List<SharedPages.Piece> pieces = v.pages().pieces(objectOffset, length);
            try {
                mapPieces(at, v.prot(), pieces);
            } finally {
                pieces.forEach(p -> p.memory().release());
            }
            return;
        }
        space.map(at, length, v.prot());
        if (v.file() != null) {
            long fileSize = v.file().description().stat().size();
            fillFromFile(at, length, v.file(), objectOffset, Math.max(0, fileSize - objectOffset));
        }
    }

    private static boolean rangesOverlap(long a, long alen, long b, long blen) {
        return a < b + blen && b < a + alen;
    }

    /**
     * madvise(MADV_DONTNEED): private anonymous pages read as zero afterwards, private file pages
     * anew from the file; shared pages keep their contents.
     */
    public synchronized void discard(long addr, long length) {
        long end = addr + pageUp(length);
        requireMapped(addr, end);
        for (Vma v : split(addr, end)) {
            space.zero(v.start(), v.length());
            if (v.file() != null && v.pages() == null) {
                fillFromFile(v.start(), v.length(), v.file(), v.fileOffset(), v.length());
            }
        }
    }

    /** Copies fileLength bytes of a file at offset into mapped memory at addr. */
    public synchronized void fillFromFile(long addr, long length, Vma.MappedFile file, long offset, long fileLength) {
        long want = Math.min(length, fileLength);
        byte[] chunk = null;
        long done = 0;
        while (done < want) {
            int n = (int) Math.min(1 << 20, want - done);
            // Straight into guest memory where the backend allows it: one copy instead of three.
            ByteBuffer direct = space.bufferIgnoringProtection(addr + done, n);
            int got;
            if (direct != null) {
                got = file.description().pread(direct, offset + done);
            } else {
                if (chunk == null) {
                    chunk = new byte[(int) Math.min(want, 1 << 20)];
                }
                got = file.description().pread(ByteBuffer.wrap(chunk, 0, n), offset + done);
                if (got > 0) {
                    space.writeIgnoringProtection(addr + done, chunk, 0, got);
                }
            }
            if (got <= 0) {
                break;
            }
            done += got;
        }
        space.invalidateCode(addr, length);
    }

    /**
     * clone(CLONE_VM) of a process (vfork, posix_spawn): the child uses this same memory, as
     * Linux's mm_struct is shared. Each user closes it once; the last close releases it.
     */
    public synchronized Mm share() {
        users++;
        return this;
    }

    /** Whether more than one process uses this memory. */
    public synchronized boolean shared() {
        return users > 1;
    }

    /** One user is done (exit, exec); the last unmaps everything and releases the backend. */
    @Override
    public synchronized void close() {
        if (--users > 0) {
            return;
        }
        for (Vma v : vmas.values()) {
            if (v.file() != null) {
                v.file().release();
            }
        }
        vmas.clear();
        space.close();
    }
}
