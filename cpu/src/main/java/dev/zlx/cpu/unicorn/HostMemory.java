package dev.zlx.cpu.unicorn;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.zlx.cpu.CpuException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Host pages behind guest memory: anonymous private mmap, munmap and madvise(MADV_DONTNEED)
 * from libc through FFM, and the sparse copy behind {@code AddressSpace.copy()} (which pages may
 * hold data comes from /proc/self/pagemap). Host memory is always read-write; the guest's protections live in the
 * engine and in {@link UnicornAddressSpace}'s region map.
 */
final class HostMemory {
    private HostMemory() {}

    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int PROT_EXEC = 4;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final int MADV_DONTNEED = 4;
    /** Linux 5.14+: fault the range in writable in one call; older kernels answer EINVAL. */
    private static final int MADV_POPULATE_WRITE = 23;
    /** Runs of at least this many pages are pre-faulted with MADV_POPULATE_WRITE before the copy. */
    private static final long POPULATE_MIN_PAGES = 16;
    private static final long MAP_FAILED = -1L;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MMAP = LINKER.downcallHandle(
            LINKER.defaultLookup().find("mmap").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = LINKER.downcallHandle(
            LINKER.defaultLookup().find("munmap").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle MADVISE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("madvise").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MPROTECT = LINKER.downcallHandle(
            LINKER.defaultLookup().find("mprotect").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));


    /** mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE): zeroed pages. */
    static MemorySegment map(long length) {
        MemorySegment p;
        try {
            p = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, length, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw new CpuException("mmap failed", t);
        }
        if (p.address() == MAP_FAILED) {
            throw new CpuException("host mmap of " + length + " bytes failed");
        }
        return p.reinterpret(length);
    }

    /**
     * A fresh page holding the given host machine code, read and execute only (never writable
     * and executable at once). Lives as long as the process.
     */
    static MemorySegment mapCode(byte[] code) {
        MemorySegment page = map(HOST_PAGE);
        MemorySegment.copy(code, 0, page, JAVA_BYTE, 0, code.length);
        int r;
        try {
            r = (int) MPROTECT.invokeExact(page, HOST_PAGE, PROT_READ | PROT_EXEC);
        } catch (Throwable t) {
            throw new CpuException("mprotect failed", t);
        }
        if (r != 0) {
            unmap(page, HOST_PAGE);
            throw new CpuException("host mprotect(PROT_EXEC) refused");
        }
        return page;
    }

    /** munmap of host pages [host, host+length). */
    static void unmap(MemorySegment host, long length) {
        int r;
        try {
            r = (int) MUNMAP.invokeExact(host, length);
        } catch (Throwable t) {
            throw new CpuException("munmap failed", t);
        }
        if (r != 0) {
            throw new CpuException("host munmap failed at 0x" + Long.toHexString(host.address()));
        }
    }

    /** madvise(MADV_DONTNEED): private anonymous pages read back as zero and are released. */
    static void discard(MemorySegment host, long length) {
        int r;
        try {
            r = (int) MADVISE.invokeExact(host, length, MADV_DONTNEED);
        } catch (Throwable t) {
            throw new CpuException("madvise failed", t);
        }
        if (r != 0) {
            host.asSlice(0, length).fill((byte) 0);
        }
    }

    /** Host page size assumed by the sparse copy (x86-64 and 4 KiB-page aarch64 hosts). */
    static final long HOST_PAGE = 4096;
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    /** pagemap entry bits: present in RAM, swapped out (or another non-none PTE), mapped only here. */
    private static final long PM_PRESENT = 1L << 63;
    private static final long PM_SWAP = 1L << 62;
    private static final long PM_EXCLUSIVE = 1L << 56;
    private static final MemorySegment ZERO_PAGE = Arena.global().allocate(HOST_PAGE, 8);

    /** Pagemap entries read per pread (8 bytes each): 32 MiB of address space per call. */
    private static final int PAGEMAP_BATCH = 8192;

    /**
     * An open /proc/self/pagemap of this process, or null where the file cannot be read (then
     * the copy is a full copy). Its entries say, per host page, whether the page table entry
     * is present or swapped: a page with neither has never been written since mmap or the last
     * MADV_DONTNEED, so it reads as zero in a private anonymous mapping and need not be copied.
     * A page that was only read is present too, mapped to the kernel's shared zero page: such
     * pages are not "exclusively mapped" (bit 56), and a present page without that bit is
     * copied only if it is not all zero (a page shared after a host fork is also checked, and
     * copied since it is not zero). mincore(2) is not used: it reports a swapped-out page as
     * not resident, which would lose its contents, and cannot tell zero-page mappings apart.
     */
    static final class PageMap implements AutoCloseable {
        // Bound when a copy first reads the pagemap, not with mmap: each new call signature
        // costs start-up (see Uc), and most runs never fork.
        private static final MethodHandle OPEN = LINKER.downcallHandle(
                LINKER.defaultLookup().find("open").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        private static final MethodHandle PREAD = LINKER.downcallHandle(
                LINKER.defaultLookup().find("pread").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        private static final MethodHandle CLOSE = LINKER.downcallHandle(
                LINKER.defaultLookup().find("close").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));

        private final int fd;
        private final Arena arena;
        private final MemorySegment buf;

        private PageMap(int fd, Arena arena) {
            this.fd = fd;
            this.arena = arena;
            this.buf = arena.allocate(8L * PAGEMAP_BATCH, 8);
        }

        /** For the calling thread only. */
        static PageMap open() {
            return open(Arena.ofConfined());
        }

        /** For any thread, one at a time (the caller serialises its use). */
        static PageMap openShared() {
            return open(Arena.ofShared());
        }

        private static PageMap open(Arena arena) {
            int fd;
            try (Arena a = Arena.ofConfined()) {
                fd = (int) OPEN.invokeExact(a.allocateFrom("/proc/self/pagemap"), O_RDONLY_CLOEXEC);
            } catch (Throwable t) {
                arena.close();
                return null;
            }
            if (fd < 0) {
                arena.close();
                return null;
            }
            return new PageMap(fd, arena);
        }

        /**
         * Reads the entries of n pages from the host page holding address on into the buffer;
         * false if the kernel did not deliver them all.
         */
        private boolean read(long address, int n) {
            long want = 8L * n;
            long off = (address / HOST_PAGE) * 8;
            long got;
            try {
                got = (long) PREAD.invokeExact(fd, buf, want, off);
            } catch (Throwable t) {
                return false;
            }
            return got == want;
        }

        /**
         * The bytes of host pages in [address, address+length) that are in memory as pages of
         * their own: present and mapped only here, or present at all in shared memory (pages
         * of another mapping of the same memory are its too). A present page of private memory
         * mapped elsewhere as well is the kernel's shared zero page (only read). Swapped pages
         * are not resident. Only the page table is read, never the memory, so a range unmapped
         * meanwhile counts as absent instead of faulting. All of it when the pagemap cannot be
         * read.
         */
        long residentBytes(long address, long length, boolean shared) {
            long pages = length / HOST_PAGE;
            long resident = 0;
            for (long p = 0; p < pages; p += PAGEMAP_BATCH) {
                int n = (int) Math.min(PAGEMAP_BATCH, pages - p);
                if (!read(address + p * HOST_PAGE, n)) {
                    return resident + (pages - p) * HOST_PAGE;
                }
                for (int i = 0; i < n; i++) {
                    long e = buf.getAtIndex(JAVA_LONG, i);
                    if ((e & PM_PRESENT) != 0 && (shared || (e & PM_EXCLUSIVE) != 0)) {
                        resident += HOST_PAGE;
                    }
                }
            }
            return resident;
        }

        /**
         * Zero-fills the pages of block that are in memory and keeps them, if there are at most
         * maxPages of them: then returns their count. Every present page is filled, even one
         * that may only map the zero page, since "mapped only here" is not proof that a page was
         * never shared. Returns -1, having changed nothing, when there are more, when a page is
         * swapped out, or when the pagemap cannot be read.
         */
        long zeroWrittenPages(MemorySegment block, long maxPages) {
            long pages = block.byteSize() / HOST_PAGE;
            if (pages > PAGEMAP_BATCH || !read(block.address(), (int) pages)) {
                return -1;
            }
            long written = 0;
            for (int i = 0; i < pages; i++) {
                long e = buf.getAtIndex(JAVA_LONG, i);
                if ((e & PM_SWAP) != 0 || (e & PM_PRESENT) != 0 && ++written > maxPages) {
                    return -1;
                }
            }
            for (int i = 0; i < pages; i++) {
                long e = buf.getAtIndex(JAVA_LONG, i);
                if ((e & PM_PRESENT) != 0) {
                    block.asSlice(i * HOST_PAGE, HOST_PAGE).fill((byte) 0);
                }
            }
            return written;
        }

        /** Whether page i of the last read may hold data (zero-page mappings are checked). */
        private boolean populated(int i, MemorySegment page) {
            long e = buf.getAtIndex(JAVA_LONG, i);
            if ((e & PM_SWAP) != 0 || (e & (PM_PRESENT | PM_EXCLUSIVE)) == (PM_PRESENT | PM_EXCLUSIVE)) {
                return true;
            }
            return (e & PM_PRESENT) != 0 && page.mismatch(ZERO_PAGE) >= 0;
        }

        @Override
        public void close() {
            try {
                int ignored = (int) CLOSE.invokeExact(fd);
            } catch (Throwable ignored) {
                // nothing to do: the descriptor is gone either way
            } finally {
                arena.close();
            }
        }
    }

    /**
     * Copies src into dst (same length, a multiple of the page size; dst fresh zero-filled host
     * memory): only the pages that may hold data (see {@link PageMap}), in runs, each with one
     * MemorySegment.copy; everything when pm is null or a pagemap read comes back short.
     *
     * @return the number of bytes copied
     */
    static long copyPopulated(MemorySegment src, MemorySegment dst, long length, PageMap pm) {
        if (pm == null) {
            copyRun(src, dst, 0, length);
            return length;
        }
        long base = src.address();
        long pages = length / HOST_PAGE;
        long copied = 0;
        long runStart = -1; // first page of the current run of populated pages, or -1
        for (long p = 0; p < pages; p += PAGEMAP_BATCH) {
            int n = (int) Math.min(PAGEMAP_BATCH, pages - p);
            if (!pm.read(base + p * HOST_PAGE, n)) {
                // Cannot tell: copy the rest of the range in full.
                long from = runStart >= 0 ? runStart : p;
                copyRun(src, dst, from * HOST_PAGE, length - from * HOST_PAGE);
                return copied + length - from * HOST_PAGE;
            }
            for (int i = 0; i < n; i++) {
                boolean populated = pm.populated(i, src.asSlice((p + i) * HOST_PAGE, HOST_PAGE));
                if (populated && runStart < 0) {
                    runStart = p + i;
                } else if (!populated && runStart >= 0) {
                    long off = runStart * HOST_PAGE;
                    long len = (p + i - runStart) * HOST_PAGE;
                    copyRun(src, dst, off, len);
                    copied += len;
                    runStart = -1;
                }
            }
        }
        if (runStart >= 0) {
            long off = runStart * HOST_PAGE;
            copyRun(src, dst, off, length - off);
            copied += length - off;
        }
        return copied;
    }

    /**
     * One bulk copy of [off, off+len) into fresh memory. Long runs are first faulted in with
     * MADV_POPULATE_WRITE: measured 100 MiB in 35 ms instead of 67 ms (one page fault per 4 KiB
     * page otherwise); where the kernel refuses, the copy faults them in itself.
     */
    private static void copyRun(MemorySegment src, MemorySegment dst, long off, long len) {
        if (len >= POPULATE_MIN_PAGES * HOST_PAGE) {
            try {
                int ignored = (int) MADVISE.invokeExact(dst.asSlice(off, len), len, MADV_POPULATE_WRITE);
            } catch (Throwable t) {
                // an optimisation only
            }
        }
        MemorySegment.copy(src, off, dst, off, len);
    }
}
