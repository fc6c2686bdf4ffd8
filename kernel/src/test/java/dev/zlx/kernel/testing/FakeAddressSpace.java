package dev.zlx.kernel.testing;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.SharedMemory;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.cpu.GuestMemoryFault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An {@link AddressSpace} over a TreeMap of 4 KiB pages, each a byte array with its protection,
 * for testing the kernel without Unicorn. It enforces the interface contract strictly: map over
 * a mapped page, protect or zero over a hole, or an unaligned range throws
 * {@link IllegalStateException} (a kernel bug, not a guest error); the accessors check
 * protections and throw {@link GuestMemoryFault} at the first inaccessible byte.
 */
public final class FakeAddressSpace implements AddressSpace {
    private static final int PAGE = (int) PAGE_SIZE;

    /** One mapped page. */
    private static final class Page {
        final byte[] data;
        int prot;
        /** Where the page lives when it is a page of shared memory, else null. */
        final SharedMemory.Location shared;

        Page(int prot) {
            this(prot, new byte[PAGE], null);
        }

        Page(int prot, byte[] data, SharedMemory.Location shared) {
            this.prot = prot;
            this.data = data;
            this.shared = shared;
        }
    }

    private final Arch arch;
    private final TreeMap<Long, Page> pages = new TreeMap<>();
    private boolean closed;
    private long invalidations;

    public FakeAddressSpace(Arch arch) {
        this.arch = arch;
    }

    @Override
    public Arch arch() {
        return arch;
    }

    private static void checkAligned(long addr, long length) {
        if ((addr & (PAGE - 1)) != 0 || (length & (PAGE - 1)) != 0 || length <= 0) {
            throw new IllegalStateException("unaligned or empty range 0x" + Long.toHexString(addr) + "+0x"
                    + Long.toHexString(length));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("address space used after close");
        }
    }

    @Override
    public void map(long addr, long length, int prot) {
        checkOpen();
        checkAligned(addr, length);
        for (long p = addr; p < addr + length; p += PAGE) {
            if (pages.containsKey(p)) {
                throw new IllegalStateException("map over a mapped page 0x" + Long.toHexString(p));
            }
        }
        for (long p = addr; p < addr + length; p += PAGE) {
            pages.put(p, new Page(prot));
        }
    }

    @Override
    public void mapShared(long addr, long length, int prot, SharedMemory memory, long offset) {
        checkOpen();
        checkAligned(addr, length);
        FakeSharedMemory m = (FakeSharedMemory) memory;
        for (long p = addr; p < addr + length; p += PAGE) {
            if (pages.containsKey(p)) {
                throw new IllegalStateException("map over a mapped page 0x" + Long.toHexString(p));
            }
        }
        for (long p = 0; p < length; p += PAGE) {
            pages.put(addr + p, new Page(prot, m.page(offset + p), new SharedMemory.Location(m, offset + p)));
        }
    }

    @Override
    public void move(long from, long length, long to) {
        checkOpen();
        checkAligned(from, length);
        checkAligned(to, length);
        requireMapped(from, length, "move");
        java.util.Map<Long, Page> moving = new TreeMap<>(pages.subMap(from, from + length));
        pages.subMap(from, from + length).clear();
        moving.forEach((at, page) -> pages.put(to + (at - from), page));
    }

    @Override
    public SharedMemory.Location sharedLocation(long addr) {
        Page p = pages.get(addr & -PAGE);
        if (p == null || p.shared == null) {
            return null;
        }
        return new SharedMemory.Location(p.shared.memory(), p.shared.offset() + (addr & (PAGE - 1)));
    }

    /** fork's copy: private pages copied, shared pages the same arrays. */
    @Override
    public AddressSpace copy() {
        checkOpen();
        FakeAddressSpace c = new FakeAddressSpace(arch);
        pages.forEach((at, page) -> c.pages.put(at, page.shared != null
                ? new Page(page.prot, page.data, page.shared)
                : new Page(page.prot, page.data.clone(), null)));
        return c;
    }

    @Override
    public boolean sharesCpu() {
        return false;
    }

    @Override
    public void unmap(long addr, long length) {
        checkOpen();
        checkAligned(addr, length);
        pages.subMap(addr, addr + length).clear();
    }

    @Override
    public void protect(long addr, long length, int prot) {
        checkOpen();
        checkAligned(addr, length);
        requireMapped(addr, length, "protect");
        for (long p = addr; p < addr + length; p += PAGE) {
            pages.get(p).prot = prot;
        }
    }

    @Override
    public void zero(long addr, long length) {
        checkOpen();
        checkAligned(addr, length);
        requireMapped(addr, length, "zero");
        for (long p = addr; p < addr + length; p += PAGE) {
            if (pages.get(p).shared == null) {
                java.util.Arrays.fill(pages.get(p).data, (byte) 0);
            }
        }
    }

    private void requireMapped(long addr, long length, String what) {
        if (!isMapped(addr, length)) {
            throw new IllegalStateException(what + " over a hole in 0x" + Long.toHexString(addr) + "+0x"
                    + Long.toHexString(length));
        }
    }

    @Override
    public boolean isMapped(long addr, long length) {
        checkOpen();
        for (long p = addr & -PAGE; p < addr + length; p += PAGE) {
            if (!pages.containsKey(p)) {
                return false;
            }
        }
        return true;
    }

    /** The page holding addr, checked for the access wanted (0 for none). */
    private Page page(long addr, int need) {
        Page page = pages.get(addr & -PAGE);
        if (page == null || (page.prot & need) != need) {
            throw new GuestMemoryFault(addr);
        }
        return page;
    }

    private void copy(long addr, byte[] buf, int off, int len, boolean toGuest, int need) {
        checkOpen();
        // Check first, so that a fault leaves memory untouched.
        for (long a = addr; a < addr + len; a = (a & -PAGE) + PAGE) {
            page(a, need);
        }
        int done = 0;
        while (done < len) {
            long a = addr + done;
            int inPage = (int) (a & (PAGE - 1));
            int n = Math.min(len - done, PAGE - inPage);
            Page page = page(a, need);
            if (toGuest) {
                System.arraycopy(buf, off + done, page.data, inPage, n);
            } else {
                System.arraycopy(page.data, inPage, buf, off + done, n);
            }
            done += n;
        }
    }

    @Override
    public void read(long addr, byte[] dst, int off, int len) {
        copy(addr, dst, off, len, false, PROT_READ);
    }

    @Override
    public void write(long addr, byte[] src, int off, int len) {
        copy(addr, src, off, len, true, PROT_WRITE);
    }

    @Override
    public void writeIgnoringProtection(long addr, byte[] src, int off, int len) {
        copy(addr, src, off, len, true, 0);
    }

    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;

    @Override
    public byte readByte(long addr) {
        byte[] b = new byte[1];
        read(addr, b, 0, 1);
        return b[0];
    }

    @Override
    public int readInt(long addr) {
        byte[] b = new byte[4];
        read(addr, b, 0, 4);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Override
    public long readLong(long addr) {
        byte[] b = new byte[8];
        read(addr, b, 0, 8);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Override
    public void writeInt(long addr, int value) {
        byte[] b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
        write(addr, b, 0, 4);
    }

    @Override
    public synchronized int compareAndExchangeInt(long addr, int expected, int value) {
        if (!isMapped(addr, 4) || (protectionAt(addr) & (PROT_READ | PROT_WRITE)) != (PROT_READ | PROT_WRITE)) {
            throw new dev.zlx.cpu.GuestMemoryFault(addr);
        }
        int old = readInt(addr);
        if (old == expected) {
            writeInt(addr, value);
        }
        return old;
    }

    @Override
    public void writeLong(long addr, long value) {
        byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
        write(addr, b, 0, 8);
    }

    /** A view into one page, or null when the range crosses a page (as a multi-region range would). */
    @Override
    public ByteBuffer buffer(long addr, int len, boolean forWrite) {
        checkOpen();
        int inPage = (int) (addr & (PAGE - 1));
        if (inPage + len > PAGE) {
            return null;
        }
        Page page = page(addr, forWrite ? PROT_WRITE : PROT_READ);
        return ByteBuffer.wrap(page.data, inPage, len).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void invalidateCode(long addr, long length) {
        invalidations++;
    }

    @Override
    public ExecutionContext createContext() {
        checkOpen();
        return new FakeExecutionContext(this);
    }

    @Override
    public void close() {
        closed = true;
        pages.clear();
    }

    // Test-side inspection.

    /** Whether close() was called. */
    public boolean isClosed() {
        return closed;
    }

    /** The mapped pages and their protections, by address. */
    public NavigableMap<Long, Integer> mappedPages() {
        TreeMap<Long, Integer> out = new TreeMap<>();
        pages.forEach((addr, page) -> out.put(addr, page.prot));
        return Collections.unmodifiableNavigableMap(out);
    }

    /** The protection of the page holding addr, or -1 when unmapped. */
    public int protectionAt(long addr) {
        Page page = pages.get(addr & -PAGE);
        return page == null ? -1 : page.prot;
    }

    /** How many times invalidateCode was called. */
    public long invalidations() {
        return invalidations;
    }

    /** Writes bytes whatever the protection (test setup). */
    public void poke(long addr, byte[] data) {
        writeIgnoringProtection(addr, data, 0, data.length);
    }

    /** Reads bytes whatever the protection (test inspection). */
    public byte[] peek(long addr, int length) {
        byte[] out = new byte[length];
        copy(addr, out, 0, length, false, 0);
        return out;
    }
}
