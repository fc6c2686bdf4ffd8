package dev.zlx.cpu.unicorn;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.CpuException;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.cpu.GuestMemoryFault;
import dev.zlx.cpu.SharedMemory;
import dev.zlx.cpu.StopReason;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Unicorn engine and the guest memory mapped into it. Guest memory is host memory from
 * anonymous private mmap, mapped with uc_mem_map_ptr; the region map mirrors the engine's
 * regions (Unicorn splits ptr-mapped regions on partial unmap and protect, and so does this
 * map), and the accessors read and write the host pages directly.
 *
 * <p>Locking: the execution lock, that of the space's {@link ExecutionDomain} (several engines
 * share one when they share memory), guards the engine's registers and which context they
 * belong to ({@link #lastRan}); a context's run holds it for the whole run, and the hooks run
 * under it. Take it with {@link #acquire}, which returns the domain to unlock. The region map
 * is guarded by the kernel's serialisation of mapping changes (see {@link AddressSpace}); changes made while another thread runs the guest are
 * made under the execution lock too. {@link #stopLock} orders stop requests from other
 * threads against {@code uc_close} and against the end of a run (so a stop meant for one run
 * never lands on a later one). Lock order: lock, then stopLock.
 *
 * <p>Handover: see {@link ExecutionDomain}; the stopped run returns STOPPED at the exact next
 * instruction ({@link StopCheck}), and its runner queues behind the waiter when it calls run()
 * again.
 */
final class UnicornAddressSpace implements AddressSpace {
    /**
     * One contiguous guest range with one protection, backed by host pages at {@code host}:
     * this space's own (shared == null), or pages of shared memory, of which the region holds
     * one reference.
     */
    record Region(long start, long end, int prot, MemorySegment host, UnicornSharedMemory shared) {
        long length() {
            return end - start;
        }

        /** The host pages behind [from, to), which must lie within this region. */
        MemorySegment slice(long from, long to) {
            return host.asSlice(from - start, to - from);
        }

        /** The part [from, to) of this region, as a region of its own (a new reference if shared). */
        Region cut(long from, long to, int newProt) {
            if (shared != null) {
                shared.retain();
            }
            return new Region(from, to, newProt, slice(from, to), shared);
        }

        /** Gives back this region's host pages: unmapped if its own, a reference if shared. */
        void free() {
            if (shared != null) {
                shared.release();
            } else {
                HostMemory.unmap(host, length());
            }
        }
    }

    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int PROT_EXEC = 4;

    final UnicornArch spec;
    /** The engine this space runs on, its own until close (then kept for another space or closed). */
    private final UnicornEngine engine;
    final Uc uc;
    /** Where this engine takes turns; changes only by a merge, under the old domain's lock. */
    volatile ExecutionDomain domain;
    private final Object stopLock = new Object();

    /**
     * How long a run stays in the guest before a waiter stops it: the time slice. It guarantees
     * every run progress (two threads that keep stopping each other would otherwise make none)
     * and bounds the cost of switching (saving and loading registers, waking the waiter's host
     * thread). Measured with Go's garbage collector on 4 threads (testbins gcstress, 8 rounds):
     * 16.8 s with 50 us, 13.1 s with 500 us, 12.5 s with 2 ms; a futex ping-pong between two
     * threads did not change. Linux's minimum granularity is of the same order (0.75 ms).
     */
    static final long MIN_SLICE_NANOS = 500_000;
    /** How often a waiter looks again at who runs (the runner changes when the queue moves). */
    static final long STOP_RETRY_NANOS = 50_000;
    private final TreeMap<Long, Region> regions = new TreeMap<>();

    /** The context whose registers are in the engine; the others' are in their saved blobs. */
    volatile UnicornContext lastRan;
    /** The context running or about to enter uc_emu_start; written under lock, read by interrupt(). */
    volatile UnicornContext inGuest;
    /** System.nanoTime() when inGuest's run entered the guest (written before inGuest). */
    private volatile long guestSince;
    /** Another thread asked the current run to stop (guarded by stopLock). */
    private boolean stopIssued;
    /** Stops requested by threads waiting in acquire() (guarded by stopLock; for tests). */
    long handoverStops;
    /** Ends a run at its next block when another thread asks (exact, unlike uc_emu_stop there). */
    private final StopCheck stopCheck;
    private final List<UnicornContext> contexts = new ArrayList<>();
    private final MemorySegment pristine;
    /** Scratch uc_context for copyRegistersTo, allocated on first use (under lock). */
    private MemorySegment transfer;

    // Fault and stop bookkeeping written by hooks during a run (under lock).
    StopReason hookStop;
    Throwable hookFailure;

    private volatile boolean closed;

    UnicornAddressSpace(UnicornArch spec) {
        this.spec = spec;
        this.engine = EnginePool.take(spec, new Hooks(this));
        this.uc = engine.uc;
        this.stopCheck = engine.stopCheck;
        this.pristine = engine.pristine;
        this.domain = ExecutionDomain.forNewSpace(this);
    }

    /** Inside the cpuid hook: answers from the table; false lets Unicorn answer itself. */
    boolean x86Cpuid() {
        uc.regReadBatch(engine.cpuidRegs, engine.cpuidPtrs, 2);
        int leaf = (int) engine.cpuidVals.getAtIndex(JAVA_LONG, 0);
        int subleaf = (int) engine.cpuidVals.getAtIndex(JAVA_LONG, 1);
        X86Cpuid.Entry e = X86Cpuid.table().lookup(leaf, subleaf);
        if (e == null) {
            return false;
        }
        // CPUID zero-extends its 32-bit results into the 64-bit registers.
        engine.cpuidVals.setAtIndex(JAVA_LONG, 0, e.eax() & 0xffffffffL);
        engine.cpuidVals.setAtIndex(JAVA_LONG, 1, e.ecx() & 0xffffffffL);
        engine.cpuidVals.setAtIndex(JAVA_LONG, 2, e.ebx() & 0xffffffffL);
        engine.cpuidVals.setAtIndex(JAVA_LONG, 3, e.edx() & 0xffffffffL);
        uc.regWriteBatch(engine.cpuidRegs, engine.cpuidPtrs, 4);
        return true;
    }

    /**
     * Adds a UC_HOOK_CODE over [begin, end] (inclusive, as in Unicorn) for debuggers and tracers;
     * the listener runs under the execution lock before each instruction and must not throw
     * (a throw is recorded and ends the run). Returns the handle for {@link #removeHook}.
     */
    long addCodeHook(long begin, long end, CodeListener listener) {
        ExecutionDomain held = acquire();
        try {
            checkOpen();
            Uc.CodeHook h = (u, address, size, user) -> {
                try {
                    listener.onInstruction(address, size);
                } catch (Throwable t) {
                    recordFailure(t);
                }
            };
            engine.markExtraHooks();
            return uc.hookAdd(UcConst.UC_HOOK_CODE, uc.codeStub(h), begin, end);
        } finally {
            held.unlock();
        }
    }

    /** Removes a hook added by {@link #addCodeHook}. */
    void removeHook(long hook) {
        ExecutionDomain held = acquire();
        try {
            checkOpen();
            uc.hookDel(hook);
        } finally {
            held.unlock();
        }
    }

    /** Called before each instruction of a code hook's range. */
    @FunctionalInterface
    interface CodeListener {
        void onInstruction(long address, int size);
    }

    /** Inside a hook: records a Java failure and stops the engine; never throws. */
    void recordFailure(Throwable t) {
        if (hookFailure == null) {
            hookFailure = t;
        }
        stopFromHook();
    }

    /** Inside a hook: uc_emu_stop, never throwing. */
    void stopFromHook() {
        try {
            uc.emuStop();
        } catch (Throwable ignored) {
            // The engine is running (we are in its hook): uc_emu_stop cannot fail there.
        }
    }

    /**
     * Before the x86 syscall handler: RCX = address after the syscall, R11 = RFLAGS, as Linux
     * does; the running context writes them with the result (or before any other register access).
     */
    void x86SyscallEntry(UnicornContext running) {
        uc.regReadBatch(engine.entryRegs, engine.entryPtrs, 2 + spec.syscallRegs.length);
        long rip = engine.entryVals.getAtIndex(JAVA_LONG, 0);
        if (running != null) {
            running.trapRegisters(engine.entryVals, 2);
            running.deferEntryRegisters(rip + 2, engine.entryVals.getAtIndex(JAVA_LONG, 1)); // syscall is 0f 05
        } else {
            engine.entryVals.setAtIndex(JAVA_LONG, 0, rip + 2);
            uc.regWriteBatch(engine.entryWriteRegs, engine.entryPtrs, 2);
        }
    }

    /**
     * Takes the execution lock of this space's domain (see {@link ExecutionDomain#lock}) and
     * returns the domain, whose unlock() the caller calls. A space whose domain was merged
     * away while the caller waited goes on to its new domain.
     */
    ExecutionDomain acquire() {
        while (true) {
            ExecutionDomain d = domain;
            d.lock();
            if (domain == d) {
                return d;
            }
            d.unlock();
        }
    }

    /** A thread waits for this engine's domain: stop the run in guest code once it had its slice. */
    void stopForHandover() {
        UnicornContext running = inGuest;
        if (running != null) {
            stopFromOtherThread(running, MIN_SLICE_NANOS);
        }
    }

    /** The run of ctx enters uc_emu_start (under held, the domain's lock). */
    void enterGuest(UnicornContext ctx, ExecutionDomain held) {
        guestSince = System.nanoTime();
        inGuest = ctx;
        held.running = this;
    }

    /**
     * The run left uc_emu_start (under lock): clears inGuest and the stop flag under stopLock,
     * so no stop request meant for this run can reach a later one. Returns whether another
     * thread asked this run to stop.
     */
    boolean leaveGuest(ExecutionDomain held) {
        held.running = null;
        synchronized (stopLock) {
            inGuest = null;
            stopCheck.clear();
            boolean stopped = stopIssued;
            stopIssued = false;
            return stopped;
        }
    }

    /**
     * Asks target's run to stop at its next block if it is still in the guest and has been there
     * at least minNanos (else nothing yet). The request stays
     * until the run ends, so none is lost while uc_emu_start is still starting.
     */
    void stopFromOtherThread(UnicornContext target, long minNanos) {
        synchronized (stopLock) {
            if (closed || inGuest != target) {
                return;
            }
            if (minNanos > 0 && System.nanoTime() - guestSince < minNanos) {
                return;
            }
            stopCheck.request();
            stopIssued = true;
            if (minNanos > 0) {
                handoverStops++;
            }
        }
    }

    /** Makes ctx's registers the engine's (under lock): saves the previous owner's, restores ctx's. */
    void switchTo(UnicornContext ctx) {
        UnicornContext previous = lastRan;
        if (previous == ctx) {
            return;
        }
        if (previous != null) {
            park(previous);
        }
        synchronized (ctx.blobLock) {
            uc.contextRestore(ctx.blob);
            lastRan = ctx;
        }
    }

    /**
     * After a run, when the space has several contexts (threads): the registers go back to the
     * context's blob and the engine belongs to nobody, so the context's thread can read and
     * write them (syscall arguments, results, signal frames) without waiting for the execution
     * lock while another thread runs. Under the execution lock.
     */
    void parkIfShared(UnicornContext ctx) {
        if (contexts.size() > 1 && lastRan == ctx) {
            park(ctx);
        }
    }

    private void park(UnicornContext ctx) {
        synchronized (ctx.blobLock) {
            uc.contextSave(ctx.blob);
            lastRan = null;
        }
    }

    /** The scratch uc_context for register transfers (under lock). */
    MemorySegment transferBlob() {
        if (transfer == null) {
            transfer = uc.contextAlloc();
        }
        return transfer;
    }

    void checkOpen() {
        if (closed) {
            throw new CpuException("address space is closed");
        }
    }

    @Override
    public Arch arch() {
        return spec.arch;
    }

    /**
     * fork's copy: a new engine (with its own hooks, CPUID table and pristine context, exactly
     * as from the backend) with the same regions, protections and contents. Regions that share
     * contiguous host memory here (one mapping split by protect or partial unmap) share one new
     * host mapping in the copy. Only host pages the pagemap shows as populated are copied (see
     * {@link HostMemory#copyPopulated}); the rest of the new mapping stays untouched zero pages.
     * Takes the execution lock (reentrant: fork calls it from inside the syscall handler).
     */
    @Override
    public AddressSpace copy() {
        ExecutionDomain held = acquire();
        try {
            checkOpen();
            UnicornAddressSpace child = new UnicornAddressSpace(spec);
            try (HostMemory.PageMap pm = HostMemory.PageMap.open()) {
                lastCopyBytes = child.copyRegionsFrom(List.copyOf(regions.values()), pm);
            } catch (RuntimeException | Error e) {
                child.close();
                throw e;
            }
            return child;
        } finally {
            held.unlock();
        }
    }

    /** Bytes of host memory the last {@link #copy} of this space actually copied (for tests). */
    long lastCopyBytes;

    /**
     * Maps copies of source's regions (in address order) into this fresh space, and the shared
     * memory of its shared regions itself; returns bytes copied.
     */
    private long copyRegionsFrom(List<Region> source, HostMemory.PageMap pm) {
        long copied = 0;
        int i = 0;
        while (i < source.size()) {
            Region first = source.get(i);
            if (first.shared != null) {
                mapSharedRegion(first.start, first.length(), first.prot, first.shared, first.host);
                i++;
                continue;
            }
            // A group: consecutive private guest regions over consecutive host memory.
            int j = i + 1;
            while (j < source.size()) {
                Region prev = source.get(j - 1);
                Region next = source.get(j);
                if (next.shared != null || next.start != prev.end
                        || next.host.address() != prev.host.address() + prev.length()) {
                    break;
                }
                j++;
            }
            long groupStart = first.start;
            long groupLength = source.get(j - 1).end - groupStart;
            MemorySegment host = HostMemory.map(groupLength);
            boolean owned = false;
            try {
                for (int k = i; k < j; k++) {
                    Region r = source.get(k);
                    MemorySegment slice = host.asSlice(r.start - groupStart, r.length());
                    copied += HostMemory.copyPopulated(r.host, slice, r.length(), pm);
                    uc.memMapPtr(r.start, r.length(), r.prot, slice);
                    // From here close() unmaps the host memory through the region map.
                    putRegion(r.start, new Region(r.start, r.end, r.prot, slice, null));
                    owned = true;
                }
            } catch (RuntimeException | Error e) {
                if (!owned) {
                    HostMemory.unmap(host, groupLength);
                } else {
                    // Regions already in the map are released by close(); release the rest.
                    Region last = regions.lastEntry().getValue();
                    long rest = groupStart + groupLength - last.end;
                    if (rest > 0) {
                        HostMemory.unmap(host.asSlice(last.end - groupStart, rest), rest);
                    }
                }
                throw e;
            }
            i = j;
        }
        return copied;
    }

    @Override
    public void mapShared(long addr, long length, int prot, SharedMemory memory, long offset) {
        checkRange(addr, length);
        if (!(memory instanceof UnicornSharedMemory m)) {
            throw new IllegalArgumentException("shared memory of another backend");
        }
        if (offset < 0 || (offset & (PAGE_SIZE - 1)) != 0 || offset > m.size() - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " is outside the shared memory");
        }
        mapSharedRegion(addr, length, ucProt(prot), m, m.host.asSlice(offset, length));
    }

    /**
     * Maps host, pages of memory, at [addr, addr+length) with one more reference to memory; the
     * engine joins the domain of memory's other engines. If that moved this engine to another
     * domain while a run of it holds the old lock (a syscall handled inside the run), the run
     * ends after the hook, so that the next one takes the new lock.
     */
    private void mapSharedRegion(long addr, long length, int prot, UnicornSharedMemory memory, MemorySegment host) {
        ExecutionDomain held = acquire();
        try {
            checkOpen();
            requireUnmapped(addr, length);
            uc.memMapPtr(addr, length, prot, host);
            memory.retain();
            putRegion(addr, new Region(addr, addr + length, prot, host, memory));
            UnicornContext running = inGuest;
            if (ExecutionDomain.join(this, held, memory) && running != null) {
                running.interrupt();
            }
        } finally {
            held.unlock();
        }
    }

    @Override
    public void move(long from, long length, long to) {
        checkRange(from, length);
        checkRange(to, length);
        ExecutionDomain held = acquire();
        try {
            checkOpen();
            requireMapped(from, from + length);
            requireUnmapped(to, length);
            long end = from + length;
            for (Region r : overlapping(from, end)) {
                long s = Math.max(r.start, from);
                long e = Math.min(r.end, end);
                if ((r.prot & PROT_EXEC) != 0) {
                    uc.removeCache(s, e);
                }
                uc.memUnmap(s, e - s);
                removeRegion(r.start);
                // The same host pages, at the new address: no copy.
                Region moved = r.cut(s, e, r.prot);
                long at = to + (s - from);
                uc.memMapPtr(at, e - s, r.prot, moved.host);
                putRegion(at, new Region(at, at + (e - s), r.prot, moved.host, moved.shared));
                keepOutside(r, s, e);
                if (r.shared != null) {
                    r.shared.release();
                }
            }
        } finally {
            held.unlock();
        }
    }

    @Override
    public SharedMemory.Location sharedLocation(long addr) {
        Region r = regionAt(addr);
        if (r == null || r.shared == null) {
            return null;
        }
        return new SharedMemory.Location(r.shared, r.host.address() - r.shared.host.address() + (addr - r.start));
    }

    @Override
    public boolean sharesCpu() {
        return domain.shared();
    }

    @Override
    public ExecutionContext createContext() {
        ExecutionDomain held = acquire();
        try {
            checkOpen();
            // A byte copy of the pristine context: the engine is left alone, since a trap
            // handler (clone) may create a context while another one is running on it.
            MemorySegment blob = uc.contextAlloc();
            long size = uc.contextSize();
            MemorySegment.copy(pristine.reinterpret(size), 0, blob.reinterpret(size), 0, size);
            UnicornContext ctx = new UnicornContext(this, blob);
            contexts.add(ctx);
            return ctx;
        } finally {
            held.unlock();
        }
    }

    /** A context's thread ended: it leaves the space and its memory is freed. */
    void release(UnicornContext ctx) {
        ExecutionDomain held = acquire();
        try {
            if (closed || !contexts.remove(ctx)) {
                return;
            }
            if (lastRan == ctx) {
                lastRan = null;
            }
            ctx.free();
        } finally {
            held.unlock();
        }
    }

    // ---- memory map ----

    private void checkRange(long addr, long length) {
        if ((addr & (PAGE_SIZE - 1)) != 0 || (length & (PAGE_SIZE - 1)) != 0 || length <= 0) {
            throw new IllegalArgumentException("unaligned or empty range 0x" + Long.toHexString(addr) + "+" + length);
        }
        if (addr < 0 || addr + length > spec.addressLimit || addr + length < addr) {
            throw new IllegalArgumentException("range 0x" + Long.toHexString(addr) + "+" + length
                    + " is outside the " + spec.arch.cliName() + " user address space");
        }
    }

    private static int ucProt(int prot) {
        return prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
    }

    @Override
    public void map(long addr, long length, int prot) {
        checkRange(addr, length);
        ExecutionDomain held = acquire();
        try {
            checkOpen();
            requireUnmapped(addr, length);
            MemorySegment host = HostMemory.map(length);
            try {
                uc.memMapPtr(addr, length, ucProt(prot), host);
            } catch (RuntimeException e) {
                HostMemory.unmap(host, length);
                throw e;
            }
            putRegion(addr, new Region(addr, addr + length, ucProt(prot), host, null));
        } finally {
            held.unlock();
        }
    }

    @Override
    public void unmap(long addr, long length) {
        checkRange(addr, length);
        long end = addr + length;
        ExecutionDomain held = acquire();
        try {
            checkOpen();
            for (Region r : overlapping(addr, end)) {
                long s = Math.max(r.start, addr);
                long e = Math.min(r.end, end);
                if ((r.prot & PROT_EXEC) != 0) {
                    uc.removeCache(s, e);
                }
                uc.memUnmap(s, e - s);
                removeRegion(r.start);
                if (r.shared == null) {
                    // Own pages: the cut-out part goes back to the host now, the rest stays.
                    HostMemory.unmap(r.slice(s, e), e - s);
                    if (r.start < s) {
                        putRegion(r.start, new Region(r.start, s, r.prot, r.slice(r.start, s), null));
                    }
                    if (e < r.end) {
                        putRegion(e, new Region(e, r.end, r.prot, r.slice(e, r.end), null));
                    }
                } else {
                    keepOutside(r, s, e);
                    r.free();
                }
            }
        } finally {
            held.unlock();
        }
    }

    /** Puts back the parts of shared region r outside [s, e) (each with a reference of its own). */
    private void keepOutside(Region r, long s, long e) {
        if (r.start < s) {
            putRegion(r.start, r.cut(r.start, s, r.prot));
        }
        if (e < r.end) {
            putRegion(e, r.cut(e, r.end, r.prot));
        }
    }

    @Override
    public void protect(long addr, long length, int prot) {
        checkRange(addr, length);
        long end = addr + length;
        ExecutionDomain held = acquire();
        try {
            checkOpen();
            requireMapped(addr, end);
            int p = ucProt(prot);
            uc.memProtect(addr, length, p);
            for (Region r : overlapping(addr, end)) {
                long s = Math.max(r.start, addr);
                long e = Math.min(r.end, end);
                removeRegion(r.start);
                keepOutside(r, s, e);
                putRegion(s, r.cut(s, e, p));
                if (r.shared != null) {
                    r.shared.release();
                }
            }
        } finally {
            held.unlock();
        }
    }

    @Override
    public void zero(long addr, long length) {
        checkRange(addr, length);
        long end = addr + length;
        ExecutionDomain held = acquire();
        try {
            checkOpen();
            requireMapped(addr, end);
            for (Region r : overlapping(addr, end)) {
                if (r.shared != null) {
                    continue; // the pages are the shared memory's: other users still see them
                }
                long s = Math.max(r.start, addr);
                long e = Math.min(r.end, end);
                HostMemory.discard(r.slice(s, e), e - s);
                if ((r.prot & PROT_EXEC) != 0) {
                    uc.removeCache(s, e);
                }
            }
        } finally {
            held.unlock();
        }
    }

    @Override
    public boolean isMapped(long addr, long length) {
        if (length <= 0) {
            return length == 0;
        }
        long end = addr + length;
        if (end < addr) {
            return false;
        }
        long at = addr;
        while (at < end) {
            Region r = regionAt(at);
            if (r == null) {
                return false;
            }
            at = r.end;
        }
        return true;
    }

    private void requireMapped(long addr, long end) {
        if (!isMapped(addr, end - addr)) {
            throw new IllegalArgumentException("0x" + Long.toHexString(addr) + "-0x" + Long.toHexString(end)
                    + " is not entirely mapped");
        }
    }

    /** The region containing addr, or null. */
    /**
     * Counted from the host's page table (/proc/self/pagemap) of the regions' host memory,
     * without the execution lock: a /proc reader must not wait for a guest blocked in a
     * syscall. The regions are copied under their own lock; the page table is read after, which
     * never faults even if a region goes away meanwhile.
     */
    @Override
    public long residentBytes(long addr, long length) {
        checkOpen();
        long end = addr + length;
        List<Region> parts;
        synchronized (regions) {
            Map.Entry<Long, Region> first = regions.floorEntry(addr);
            long from = first != null && first.getValue().end > addr ? first.getKey() : addr;
            parts = List.copyOf(regions.subMap(from, true, end, false).values());
        }
        long resident = 0;
        try (HostMemory.PageMap pm = HostMemory.PageMap.open()) {
            for (Region r : parts) {
                long lo = Math.max(r.start, addr);
                long hi = Math.min(r.end, end);
                if (lo < hi) {
                    resident += pm == null ? hi - lo
                            : pm.residentBytes(r.host.address() + (lo - r.start), hi - lo, r.shared != null);
                }
            }
        }
        return resident;
    }

    /** Region table changes, under the execution lock and the table's own (for residentBytes). */
    private void putRegion(long start, Region r) {
        synchronized (regions) {
            regions.put(start, r);
        }
    }

    private void removeRegion(long start) {
        synchronized (regions) {
            regions.remove(start);
        }
    }

    Region regionAt(long addr) {
        Map.Entry<Long, Region> e = regions.floorEntry(addr);
        if (e == null || e.getValue().end <= addr) {
            return null;
        }
        return e.getValue();
    }

    private void requireUnmapped(long addr, long length) {
        if (overlapsAny(addr, addr + length)) {
            throw new IllegalArgumentException("0x" + Long.toHexString(addr) + "+" + length + " is already mapped");
        }
    }

    private boolean overlapsAny(long start, long end) {
        Map.Entry<Long, Region> e = regions.lowerEntry(end);
        return e != null && e.getValue().end > start;
    }

    private List<Region> overlapping(long start, long end) {
        List<Region> out = new ArrayList<>();
        Map.Entry<Long, Region> first = regions.floorEntry(start);
        Long from = first != null && first.getValue().end > start ? first.getKey() : Long.valueOf(start);
        for (Region r : regions.subMap(from, true, end, false).values()) {
            if (r.end > start) {
                out.add(r);
            }
        }
        return out;
    }

    /** A snapshot of the region map, for tests and /proc-style diagnostics. */
    List<Region> regions() {
        return List.copyOf(regions.values());
    }

    // ---- accessors ----

    /** The host memory behind [addr, addr+len) when one region holds it with prot; else throws. */
    private MemorySegment span(long addr, long len, int need) {
        Region r = regionAt(addr);
        if (r != null && addr + len <= r.end && addr + len >= addr && (r.prot & need) == need) {
            return r.host.asSlice(addr - r.start, len);
        }
        return null;
    }

    /** Copies between guest and a Java array region by region, checking protections. */
    private void copy(long addr, byte[] array, int off, int len, int need, boolean toGuest) {
        java.util.Objects.checkFromIndexSize(off, len, array.length);
        long at = addr;
        int done = 0;
        while (done < len) {
            Region r = regionAt(at);
            if (r == null || (r.prot & need) != need) {
                throw new GuestMemoryFault(at);
            }
            int n = (int) Math.min(len - done, r.end - at);
            MemorySegment seg = r.host.asSlice(at - r.start, n);
            if (toGuest) {
                MemorySegment.copy(array, off + done, seg, JAVA_BYTE, 0, n);
            } else {
                MemorySegment.copy(seg, JAVA_BYTE, 0, array, off + done, n);
            }
            done += n;
            at += n;
        }
    }

    @Override
    public void read(long addr, byte[] dst, int off, int len) {
        copy(addr, dst, off, len, PROT_READ, false);
    }

    @Override
    public void write(long addr, byte[] src, int off, int len) {
        copy(addr, src, off, len, PROT_WRITE, true);
    }

    @Override
    public void writeIgnoringProtection(long addr, byte[] src, int off, int len) {
        copy(addr, src, off, len, 0, true);
    }

    @Override
    public byte readByte(long addr) {
        MemorySegment s = span(addr, 1, PROT_READ);
        if (s != null) {
            return s.get(JAVA_BYTE, 0);
        }
        byte[] b = new byte[1];
        read(addr, b, 0, 1);
        return b[0];
    }

    @Override
    public int readInt(long addr) {
        MemorySegment s = span(addr, 4, PROT_READ);
        if (s != null) {
            return s.get(JAVA_INT_UNALIGNED, 0);
        }
        byte[] b = new byte[4];
        read(addr, b, 0, 4);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Override
    public long readLong(long addr) {
        MemorySegment s = span(addr, 8, PROT_READ);
        if (s != null) {
            return s.get(JAVA_LONG_UNALIGNED, 0);
        }
        byte[] b = new byte[8];
        read(addr, b, 0, 8);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Override
    public void writeInt(long addr, int value) {
        MemorySegment s = span(addr, 4, PROT_WRITE);
        if (s != null) {
            s.set(JAVA_INT_UNALIGNED, 0, value);
            return;
        }
        byte[] b = new byte[4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
        write(addr, b, 0, 4);
    }

    /**
     * Under the execution lock: Unicorn runs guest atomics as plain loads and stores (its engine
     * is single-threaded), so only excluding the guest makes this atomic with respect to them.
     */
    @Override
    public int compareAndExchangeInt(long addr, int expected, int value) {
        ExecutionDomain held = acquire();
        try {
            MemorySegment s = span(addr, 4, PROT_READ | PROT_WRITE);
            if (s == null || (addr & 3) != 0) {
                throw new GuestMemoryFault(addr);
            }
            int old = s.get(JAVA_INT_UNALIGNED, 0);
            if (old == expected) {
                s.set(JAVA_INT_UNALIGNED, 0, value);
            }
            return old;
        } finally {
            held.unlock();
        }
    }

    @Override
    public void writeLong(long addr, long value) {
        MemorySegment s = span(addr, 8, PROT_WRITE);
        if (s != null) {
            s.set(JAVA_LONG_UNALIGNED, 0, value);
            return;
        }
        byte[] b = new byte[8];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        write(addr, b, 0, 8);
    }

    @Override
    public ByteBuffer buffer(long addr, int len, boolean forWrite) {
        int need = forWrite ? PROT_READ | PROT_WRITE : PROT_READ;
        MemorySegment s = span(addr, len, need);
        if (s != null) {
            return s.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        // Find the first bad byte: a fault if some byte is inaccessible, null if only split.
        long at = addr;
        long end = addr + len;
        while (at < end) {
            Region r = regionAt(at);
            if (r == null || (r.prot & need) != need) {
                throw new GuestMemoryFault(at);
            }
            at = r.end;
        }
        return null;
    }

    @Override
    public ByteBuffer bufferIgnoringProtection(long addr, int len) {
        MemorySegment s = span(addr, len, 0);
        return s == null ? null : s.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void invalidateCode(long addr, long length) {
        ExecutionDomain held = acquire();
        try {
            checkOpen();
            uc.removeCache(addr, addr + length);
        } finally {
            held.unlock();
        }
    }

    @Override
    public void close() {
        ExecutionDomain held = acquire();
        try {
            if (closed) {
                return;
            }
            synchronized (stopLock) {
                closed = true;
            }
            for (UnicornContext c : contexts) {
                c.free();
            }
            contexts.clear();
            if (transfer != null) {
                Uc.contextFree(transfer);
                transfer = null;
            }
            lastRan = null;
            boolean reuse = engine.reusable() && unmapAllForReuse();
            if (!reuse) {
                engine.close();
            }
            for (Region r : regions.values()) {
                r.free();
            }
            synchronized (regions) {
                regions.clear();
            }
            domain.leave(this);
            if (reuse) {
                EnginePool.give(engine);
            }
        } finally {
            held.unlock();
        }
    }

    /**
     * Pages a closing space may have mapped for its engine to be kept: Unicorn's unmap flushes
     * the soft TLB page by page, which past this costs more than a new engine (~1 ms).
     */
    static final long REUSE_MAX_PAGES = 1L << 16;

    /** Unmaps every region from the engine so that it can be kept; false when that costs too much or fails. */
    private boolean unmapAllForReuse() {
        long pages = 0;
        for (Region r : regions.values()) {
            pages += r.length() >>> 12;
        }
        if (pages > REUSE_MAX_PAGES) {
            return false;
        }
        try {
            for (Region r : regions.values()) {
                if ((r.prot & PROT_EXEC) != 0) {
                    uc.removeCache(r.start, r.end); // as munmap does: no translation outlives its code
                }
                uc.memUnmap(r.start, r.length());
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    boolean isClosed() {
        return closed;
    }
}
