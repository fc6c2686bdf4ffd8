package dev.zlx.cpu;

import dev.zlx.abi.Arch;
import java.nio.ByteBuffer;

/**
 * The guest's memory as the CPU sees it, backed by memory the backend supplies. Addresses and
 * lengths given to {@link #map}, {@link #unmap}, {@link #protect} and {@link #zero} are
 * page-aligned (4 KiB); protections are Linux's PROT_READ (1), PROT_WRITE (2) and PROT_EXEC (4).
 *
 * <p>The accessors are the kernel's way into guest memory (copy_from_user / copy_to_user): they
 * honour the guest's protections (a read needs PROT_READ, a write PROT_WRITE) and throw
 * {@link GuestMemoryFault} for anything else. Not thread-safe: the kernel serialises changes to
 * the mappings of one address space.
 */
public interface AddressSpace extends AutoCloseable {
    /** Page size of every architecture zlx supports. */
    long PAGE_SIZE = 4096;

    Arch arch();

    /** Maps zero-filled memory at [addr, addr+length); the range must be unmapped. */
    void map(long addr, long length, int prot);

    /**
     * Maps length bytes of memory from offset at [addr, addr+length) (MAP_SHARED): the memory
     * itself, so that every space mapping it, and its own read and write, see one set of bytes.
     * The range must be unmapped; the space holds a reference to memory while any of the range
     * stays mapped, and {@link #copy} shares the range instead of copying it. Spaces that share
     * memory may have to take turns running guest code (see {@link #sharesCpu}).
     */
    void mapShared(long addr, long length, int prot, SharedMemory memory, long offset);

    /**
     * Moves the mappings of [from, from+length), which must be entirely mapped, to [to,
     * to+length), which must be unmapped: same memory (contents and sharing), same protections
     * (mremap(2) without copying).
     */
    void move(long from, long length, long to);

    /** Where addr lives if a {@link #mapShared} range holds it, else null. */
    SharedMemory.Location sharedLocation(long addr);

    /**
     * Whether this space takes turns on one CPU with other spaces (it maps memory they map, and
     * the backend cannot run them in parallel on it): a syscall that may block must then be
     * handled outside the run, as in a process with several threads.
     */
    boolean sharesCpu();

    /** Unmaps whatever is mapped in [addr, addr+length); holes are ignored. */
    void unmap(long addr, long length);

    /** Changes the protection of [addr, addr+length), which must be entirely mapped. */
    void protect(long addr, long length, int prot);

    /**
     * Zero-fills [addr, addr+length), which must be entirely mapped (MADV_DONTNEED of private
     * memory). {@link #mapShared} ranges keep their contents: their pages are the shared
     * memory's, as Linux's MADV_DONTNEED of a shared mapping only drops this mapping's view.
     */
    void zero(long addr, long length);

    /** Whether every byte of [addr, addr+length) is mapped, whatever its protection. */
    boolean isMapped(long addr, long length);

    /** Copies guest memory into dst; needs PROT_READ on every byte. */
    void read(long addr, byte[] dst, int off, int len);

    /** Copies src into guest memory; needs PROT_WRITE on every byte. */
    void write(long addr, byte[] src, int off, int len);

    /** Copies src into guest memory whatever its protection (the loader filling read-only text). */
    void writeIgnoringProtection(long addr, byte[] src, int off, int len);

    byte readByte(long addr);

    int readInt(long addr);

    long readLong(long addr);

    void writeInt(long addr, int value);

    void writeLong(long addr, long value);

    /**
     * Atomically replaces the aligned 32-bit word at addr with value if it holds expected, and
     * returns what it held (the kernel's futex_atomic_cmpxchg_inatomic): atomic with respect to
     * the guest's own atomic instructions on every thread of this space. Needs PROT_READ and
     * PROT_WRITE.
     */
    int compareAndExchangeInt(long addr, int expected, int value);

    /**
     * A little-endian buffer over guest memory [addr, addr+len) for bulk I/O without copies, or
     * null when the range spans several backing regions (the caller then copies). The buffer is
     * valid until the range is unmapped. Checks protections as read/write do.
     */
    ByteBuffer buffer(long addr, int len, boolean forWrite);

    /**
     * As {@link #buffer} but whatever the range's protection, for the kernel's own loading (a
     * file read straight into read-only text); null when the range spans several backing
     * regions or the backend has no such view (the caller then copies with {@link
     * #writeIgnoringProtection}).
     */
    default ByteBuffer bufferIgnoringProtection(long addr, int len) {
        return null;
    }

    /** Tells the backend that code in [addr, addr+length) was changed from outside the guest. */
    void invalidateCode(long addr, long length);

    /**
     * fork's copy: a new, independent address space of the same architecture with the same
     * mappings (addresses and protections) and a copy of their contents, whatever their
     * protection; {@link #mapShared} ranges are shared, not copied. The copy is eager: later
     * writes to private memory in either space are not seen by the other. It
     * has no execution contexts; create one and fill it with {@link
     * ExecutionContext#copyRegistersTo}. May be called from inside a trap handler of a context
     * of this space. Mapped but never written memory is cheap to copy (backends copy only what
     * may be non-zero where the host tells them).
     */
    default AddressSpace copy() {
        throw new UnsupportedOperationException("copy is not supported by " + getClass().getName());
    }

    /**
     * How many bytes of [addr, addr+length) (page-aligned) hold a page of their own in memory,
     * as Linux's resident set counts them: pages the guest wrote, or read from a file mapping;
     * not pages it never touched nor ones that only read as zero. A backend that cannot tell
     * answers the mapped length (an upper bound).
     */
    default long residentBytes(long addr, long length) {
        return length;
    }

    /** A new execution context (a guest thread's CPU) over this address space, registers zero. */
    ExecutionContext createContext();

    /** Releases the engine and every backing region. */
    @Override
    void close();
}
