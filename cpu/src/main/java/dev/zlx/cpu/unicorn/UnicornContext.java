package dev.zlx.cpu.unicorn;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.CpuException;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.cpu.StopReason;
import dev.zlx.cpu.StopReason.Kind;
import dev.zlx.cpu.TrapHandler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A guest thread's CPU on a shared Unicorn engine. Its registers live in the engine while it is
 * the address space's {@code lastRan} context, else in its saved uc_context blob; every register
 * access takes the execution lock and goes to whichever holds them (uc_reg_* or
 * uc_context_reg_*). The blob is saved lazily, when another context takes the engine.
 *
 * <p>PC inside the trap handler: reads give the address after the syscall instruction on both
 * architectures (where the guest resumes). A write is deferred: the hook stops the engine and
 * the run writes PC once uc_emu_start has returned, then resumes there if the handler returned
 * true. This is needed because Unicorn 2.0.1 adds the syscall's length (2) to a RIP written in
 * the x86 syscall hook and ignores a uc_emu_stop issued after such a write (measured).
 *
 * <p>A run holds the execution lock from start to end. When another thread needs the lock
 * (another context's run, register access, map…), it stops the run (see {@link
 * UnicornAddressSpace#acquire}); run() then returns STOPPED at the next instruction, and the
 * caller just runs again, queueing fairly behind that thread.
 */
final class UnicornContext implements ExecutionContext {
    private final UnicornAddressSpace as;
    private final UnicornArch spec;
    final MemorySegment blob;

    // Preallocated uc_reg_read_batch arguments for readSyscall: int regs[7], void *ptrs[7], long vals[7].
    private final MemorySegment sysRegs;
    private final MemorySegment sysPtrs;
    private final MemorySegment sysVals;

    private final AtomicBoolean interruptRequested = new AtomicBoolean();

    /**
     * Guards the blob when its registers are used without the execution lock: a run loading
     * it (switchTo) or saving into it, and the space freeing it, take this lock too.
     */
    final Object blobLock = new Object();
    /** The space freed the blob (set under blobLock). */
    boolean blobFreed;
    /** Scratch for register values on the blob path (under blobLock). */
    private final MemorySegment blobCell;

    private final Arena arena;

    // Run state, owned by the running thread under the execution lock.
    private TrapHandler handler;
    private volatile boolean inHandler;
    private boolean pcPending;
    private long pendingPc;
    private boolean handlerStopped;
    private boolean resumeAtPendingPc;
    /**
     * The syscall registers as the trap read them (with the x86 entry's own batch, so a syscall
     * costs one register read less), valid from the trap until a register is written or the
     * handler returns: readSyscall answers from them without the engine or its locks.
     */
    private final long[] trapRegs;
    private boolean trapRegsValid;
    /**
     * x86-64: the syscall entry's RCX (the return address) and R11 (RFLAGS), not yet in the
     * engine. The trap writes them together with the result in one batch at the handler's end
     * (one engine call less per syscall); any other register access during the handler writes
     * them first, so nothing ever sees the engine without them. Only the trap's own thread,
     * holding the execution lock, touches these fields.
     */
    private boolean entryPending;
    /** The batch that writes RAX (the result), RCX and R11; null on aarch64. */
    private final MemorySegment exitRegs;
    private final MemorySegment exitVals;
    private final MemorySegment exitPtrs;

    UnicornContext(UnicornAddressSpace as, MemorySegment blob) {
        this.as = as;
        this.spec = as.spec;
        this.blob = blob;
        int n = spec.syscallRegs.length;
        // Freed by release(), or with the engine when the space closes.
        arena = Arena.ofShared();
        sysRegs = arena.allocate(JAVA_INT, n);
        sysVals = arena.allocate(JAVA_LONG, n);
        sysPtrs = arena.allocate(ADDRESS, n);
        blobCell = arena.allocate(16, 16);
        trapRegs = new long[n];
        for (int i = 0; i < n; i++) {
            sysRegs.setAtIndex(JAVA_INT, i, spec.syscallRegs[i]);
            sysPtrs.setAtIndex(ADDRESS, i, sysVals.asSlice(i * 8L, 8));
        }
        if (spec == UnicornArch.X86_64) {
            exitRegs = arena.allocate(JAVA_INT, 3);
            exitVals = arena.allocate(JAVA_LONG, 3);
            exitPtrs = arena.allocate(ADDRESS, 3);
            int[] exit = {spec.resultReg, UcConst.UC_X86_REG_RCX, UcConst.UC_X86_REG_R11};
            for (int i = 0; i < 3; i++) {
                exitRegs.setAtIndex(JAVA_INT, i, exit[i]);
                exitPtrs.setAtIndex(ADDRESS, i, exitVals.asSlice(i * 8L, 8));
            }
        } else {
            exitRegs = exitVals = exitPtrs = null; // aarch64's svc sets no register besides the result
        }
    }

    /** Inside the x86 syscall hook: RCX and R11 as the syscall instruction sets them, written with the result. */
    void deferEntryRegisters(long rcx, long r11) {
        exitVals.setAtIndex(JAVA_LONG, 1, rcx);
        exitVals.setAtIndex(JAVA_LONG, 2, r11);
        entryPending = true;
    }

    /** Writes the deferred RCX and R11 (under the execution lock, the engine holding this context's registers). */
    private void flushEntryRegisters() {
        if (entryPending) {
            entryPending = false;
            as.uc.regWriteBatch(exitRegs.asSlice(4), exitPtrs.asSlice(8), 2);
        }
    }

    @Override
    public Arch arch() {
        return spec.arch;
    }

    @Override
    public AddressSpace addressSpace() {
        return as;
    }

    /**
     * Whether this context's registers are in its blob (it is not running, and the engine holds
     * another's or nobody's): then they can be used under blobLock alone, without waiting for
     * the execution lock that a running thread of the process holds. Call under blobLock.
     */
    private boolean inBlob() {
        if (blobFreed) {
            throw new CpuException("address space is closed");
        }
        return as.lastRan != this;
    }

    private long get(int reg) {
        synchronized (blobLock) {
            if (inBlob()) {
                return Uc.contextRegRead(blob, reg, blobCell);
            }
        }
        ExecutionDomain held = as.acquire();
        try {
            as.checkOpen();
            flushEntryRegisters();
            return as.lastRan == this ? as.uc.regRead(reg) : as.uc.contextRegRead(blob, reg);
        } finally {
            held.unlock();
        }
    }

    private void put(int reg, long value) {
        trapRegsValid = false;
        if (inHandler && as.lastRan == this && as.domain.lock.isHeldByCurrentThread()) {
            // The trap's own thread, in its hook: the engine holds these registers and this
            // thread holds the execution lock, so neither the blob lock nor acquire() is needed.
            as.checkOpen();
            if (entryPending && reg == spec.resultReg) {
                entryPending = false;
                exitVals.setAtIndex(JAVA_LONG, 0, value);
                as.uc.regWriteBatch(exitRegs, exitPtrs, 3);
                return;
            }
            flushEntryRegisters();
            as.uc.regWrite(reg, value);
            return;
        }
        synchronized (blobLock) {
            if (inBlob()) {
                Uc.contextRegWrite(blob, reg, value, blobCell);
                return;
            }
        }
        ExecutionDomain held = as.acquire();
        try {
            as.checkOpen();
            flushEntryRegisters();
            if (as.lastRan == this) {
                as.uc.regWrite(reg, value);
            } else {
                as.uc.contextRegWrite(blob, reg, value);
            }
        } finally {
            held.unlock();
        }
    }

    @Override
    public long pc() {
        if (inHandler) {
            if (pcPending) {
                return pendingPc;
            }
            long pc = get(spec.pcReg);
            return spec == UnicornArch.X86_64 ? pc + 2 : pc;
        }
        return get(spec.pcReg);
    }

    @Override
    public void setPc(long pc) {
        if (inHandler) {
            pendingPc = pc;
            pcPending = true;
            return;
        }
        put(spec.pcReg, pc);
    }

    @Override
    public long sp() {
        return get(spec.spReg);
    }

    @Override
    public void setSp(long sp) {
        put(spec.spReg, sp);
    }

    @Override
    public long tls() {
        return get(spec.tlsReg);
    }

    @Override
    public void setTls(long value) {
        put(spec.tlsReg, value);
    }

    @Override
    public long register(String name) {
        int reg = spec.register(name);
        return reg == spec.pcReg ? pc() : get(reg);
    }

    @Override
    public void setRegister(String name, long value) {
        int reg = spec.register(name);
        if (reg == spec.pcReg) {
            setPc(value);
        } else {
            put(reg, value);
        }
    }

    @Override
    public void readSyscall(long[] out) {
        int n = spec.syscallRegs.length;
        if (trapRegsValid) {
            System.arraycopy(trapRegs, 0, out, 0, n);
            return;
        }
        synchronized (blobLock) {
            if (inBlob()) {
                for (int i = 0; i < n; i++) {
                    out[i] = Uc.contextRegRead(blob, spec.syscallRegs[i], blobCell);
                }
                return;
            }
        }
        ExecutionDomain held = as.acquire();
        try {
            as.checkOpen();
            flushEntryRegisters();
            if (as.lastRan == this) {
                as.uc.regReadBatch(sysRegs, sysPtrs, n);
                for (int i = 0; i < n; i++) {
                    out[i] = sysVals.getAtIndex(JAVA_LONG, i);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    out[i] = as.uc.contextRegRead(blob, spec.syscallRegs[i]);
                }
            }
        } finally {
            held.unlock();
        }
    }

    /**
     * Saves this context's state into the address space's scratch uc_context (uc_context_save if
     * its registers are in the engine, else a copy of its blob), puts there the PC the guest
     * resumes at when inside the handler (pc(): Unicorn's RIP is still the syscall's own address
     * in the x86 hook), and loads it into the target (uc_context_restore on the target's engine if
     * its registers are there, else a byte copy into its blob). A uc_context of 2.0.1 is a header
     * (size, mode, arch) and a memcpy of the engine's CPU state without pointers into the engine,
     * so it moves between engines of one architecture (verified in ForkTest). Takes this
     * space's lock, then the target's.
     */
    @Override
    public void copyRegistersTo(ExecutionContext target) {
        if (!(target instanceof UnicornContext t) || t.spec != spec) {
            throw new IllegalArgumentException("target is not a " + spec.arch.cliName() + " context of this backend");
        }
        if (t == this) {
            return;
        }
        ExecutionDomain held = as.acquire();
        try {
            as.checkOpen();
            flushEntryRegisters();
            MemorySegment tmp = as.transferBlob();
            long size = as.uc.contextSize();
            if (as.lastRan == this) {
                as.uc.contextSave(tmp);
            } else {
                copyBlob(blob, tmp, size);
            }
            if (inHandler) {
                as.uc.contextRegWrite(tmp, spec.pcReg, pc());
                if (spec == UnicornArch.X86_64) {
                    // Inside uc_emu_start the arithmetic flags and DF live in QEMU's lazy-flag
                    // fields (CC_SRC/CC_OP, df), and env->eflags lacks them; the next
                    // uc_emu_start rebuilds them from env->eflags (x86_cpu_exec_enter), so a
                    // context saved in a hook would lose CF, ZF, DF… Write the computed RFLAGS.
                    as.uc.contextRegWrite(tmp, UcConst.UC_X86_REG_RFLAGS, as.uc.regRead(UcConst.UC_X86_REG_RFLAGS));
                }
            }
            UnicornAddressSpace tas = t.as;
            ExecutionDomain targetHeld = tas.acquire();
            try {
                tas.checkOpen();
                if (tas.lastRan == t) {
                    tas.uc.contextRestore(tmp);
                } else {
                    copyBlob(tmp, t.blob, size);
                }
            } finally {
                targetHeld.unlock();
            }
        } finally {
            held.unlock();
        }
    }

    private static void copyBlob(MemorySegment from, MemorySegment to, long size) {
        MemorySegment.copy(from.reinterpret(size), 0, to.reinterpret(size), 0, size);
    }

    /** FXSAVE image (x86-64) or user_fpsimd_state (aarch64); see {@link FpStateCodec}. */
    @Override
    public byte[] readFpState() {
        synchronized (blobLock) {
            if (inBlob()) {
                return FpStateCodec.read(spec, FpStateCodec.saved(blob));
            }
        }
        ExecutionDomain held = as.acquire();
        try {
            as.checkOpen();
            return FpStateCodec.read(spec, fpRegisters());
        } finally {
            held.unlock();
        }
    }

    @Override
    public void writeFpState(byte[] state) {
        FpStateCodec.checkSize(spec, state);
        synchronized (blobLock) {
            if (inBlob()) {
                FpStateCodec.write(spec, FpStateCodec.saved(blob), state);
                return;
            }
        }
        ExecutionDomain held = as.acquire();
        try {
            as.checkOpen();
            FpStateCodec.write(spec, fpRegisters(), state);
        } finally {
            held.unlock();
        }
    }

    /** Under the execution lock: the engine's registers if they are this context's, else its blob's. */
    private FpStateCodec.Registers fpRegisters() {
        return as.lastRan == this ? FpStateCodec.engine(as.uc) : FpStateCodec.saved(blob);
    }

    @Override
    public void setSyscallResult(long value) {
        put(spec.resultReg, value);
    }

    /**
     * Inside the syscall hook, under the execution lock: runs the handler and decides whether to
     * stop. Nothing here looks at waiting threads: a waiter stops the run itself (acquire()).
     */
    void syscallTrap() {
        TrapHandler h = handler;
        boolean resume;
        inHandler = true;
        try {
            resume = h != null && h.onSyscall(this);
        } catch (Throwable t) {
            as.recordFailure(t);
            return;
        } finally {
            flushEntryRegisters(); // a handler that set no result (exit, a stop, rt_sigreturn's own writes)
            inHandler = false;
            trapRegsValid = false;
        }
        if (!resume) {
            handlerStopped = true;
            as.stopFromHook();
        } else if (pcPending) {
            resumeAtPendingPc = true;
            as.stopFromHook();
        } else if (interruptRequested.get()) {
            as.stopFromHook();
        }
    }

    /** Inside the syscall hook of this running context: the trap's registers, from a batch already read. */
    void trapRegisters(MemorySegment vals, int from) {
        for (int i = 0; i < trapRegs.length; i++) {
            trapRegs[i] = vals.getAtIndex(JAVA_LONG, from + i);
        }
        trapRegsValid = true;
    }

    /** Inside the syscall hook of this running context: reads the trap's registers in one batch. */
    void captureTrapRegisters() {
        as.uc.regReadBatch(sysRegs, sysPtrs, trapRegs.length);
        trapRegisters(sysVals, 0);
    }

    @Override
    public StopReason run(TrapHandler trapHandler) {
        ExecutionDomain held = as.acquire();
        try {
            as.checkOpen();
            as.switchTo(this);
            handler = trapHandler;
            while (true) {
                as.hookStop = null;
                as.hookFailure = null;
                handlerStopped = false;
                resumeAtPendingPc = false;
                pcPending = false;
                long start = as.uc.regRead(spec.pcReg);
                as.enterGuest(this, held);
                if (interruptRequested.getAndSet(false)) {
                    as.leaveGuest(held);
                    return StopReason.stopped(start);
                }
                int err;
                boolean stoppedByOther;
                try {
                    err = as.uc.emuStart(start);
                } finally {
                    stoppedByOther = as.leaveGuest(held);
                }
                if (as.hookFailure != null) {
                    Throwable t = as.hookFailure;
                    as.hookFailure = null;
                    throw new CpuException("exception inside a Unicorn hook: " + t, t);
                }
                if (pcPending) {
                    pcPending = false;
                    as.uc.regWrite(spec.pcReg, pendingPc);
                }
                long pc = as.uc.regRead(spec.pcReg);
                StopReason hookStop = as.hookStop;
                as.hookStop = null;
                if (hookStop != null) {
                    interruptRequested.set(false);
                    return hookStop;
                }
                if (err != UcConst.UC_ERR_OK) {
                    return fromError(err, pc);
                }
                if (handlerStopped || interruptRequested.getAndSet(false) || stoppedByOther) {
                    // stoppedByOther: interrupt() or a handover (another thread waits in
                    // acquire()); the next run resumes at pc, the next instruction.
                    return StopReason.stopped(pc);
                }
                if (resumeAtPendingPc) {
                    if (held.contended()) {
                        return StopReason.stopped(pc);
                    }
                    continue;
                }
                return spontaneousStop(pc);
            }
        } finally {
            handler = null;
            if (!as.isClosed()) {
                as.parkIfShared(this);
            }
            held.unlock();
        }
    }

    /**
     * uc_emu_start returned OK with nobody asking: with until = 0 that happens when the guest
     * jumps to address 0 (Unicorn takes it for the "until" address) and, on x86, after hlt
     * (which Linux answers with #GP → SIGSEGV). Either way the guest cannot go on.
     */
    private StopReason spontaneousStop(long pc) {
        if (pc == 0) {
            return new StopReason(Kind.UNMAPPED, 0, StopReason.ACCESS_FETCH, null);
        }
        if (spec == UnicornArch.X86_64) {
            return new StopReason(Kind.EXCEPTION, pc, 13, null);
        }
        return StopReason.stopped(pc);
    }

    private StopReason fromError(int err, long pc) {
        return switch (err) {
            case UcConst.UC_ERR_READ_UNMAPPED -> new StopReason(Kind.UNMAPPED, pc, StopReason.ACCESS_READ, null);
            case UcConst.UC_ERR_WRITE_UNMAPPED -> new StopReason(Kind.UNMAPPED, pc, StopReason.ACCESS_WRITE, null);
            case UcConst.UC_ERR_FETCH_UNMAPPED -> new StopReason(Kind.UNMAPPED, pc, StopReason.ACCESS_FETCH, null);
            case UcConst.UC_ERR_READ_PROT -> new StopReason(Kind.PROTECTION, pc, StopReason.ACCESS_READ, null);
            case UcConst.UC_ERR_WRITE_PROT -> new StopReason(Kind.PROTECTION, pc, StopReason.ACCESS_WRITE, null);
            case UcConst.UC_ERR_FETCH_PROT -> new StopReason(Kind.PROTECTION, pc, StopReason.ACCESS_FETCH, null);
            case UcConst.UC_ERR_INSN_INVALID -> new StopReason(Kind.ILLEGAL_INSTRUCTION, pc, 0, null);
            default -> new StopReason(Kind.ENGINE_ERROR, pc, err, Uc.strerror(err));
        };
    }

    @Override
    public void release() {
        as.release(this);
    }

    /** Frees the blob and the scratch memory (under the execution lock, by the space). */
    void free() {
        synchronized (blobLock) {
            if (blobFreed) {
                return;
            }
            blobFreed = true;
            Uc.contextFree(blob);
        }
        arena.close();
    }

    /**
     * Sets the interrupt flag (checked before uc_emu_start and after each syscall handler) and,
     * if this context is in the guest, asks its run to stop at the next block ({@link
     * StopCheck}): the run returns STOPPED with the PC at the next instruction to execute. The
     * request cannot reach a later run (of this or another context): the run clears inGuest
     * under the stop lock.
     */
    @Override
    public void interrupt() {
        interruptRequested.set(true);
        if (!inHandler) {
            as.stopFromOtherThread(this, 0);
        }
    }
}
