package dev.zlx.cpu.unicorn;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * One Unicorn engine with what lives as long as it: its always-installed hooks (under a slot of
 * {@link HookSlots}), its {@link StopCheck}, the pristine context every new guest thread starts
 * from, and the preallocated register batches of the syscall and cpuid hooks. An address space
 * uses one engine at a time; a closed space hands a clean engine back to the {@link EnginePool}
 * instead of closing it, since opening one (uc_open, then Unicorn's machine set-up at the first
 * hook) and closing it cost about a millisecond, twice per fork + exec.
 */
final class UnicornEngine {
    static final long X86_CR4_OSFXSR = 1L << 9;
    static final long X86_CR4_OSXMMEXCPT = 1L << 10;
    /** Spaces one engine serves at most (see {@link #reusable}). */
    static final int MAX_USES = 16;

    final UnicornArch spec;
    final Uc uc;
    final StopCheck stopCheck;
    /** The register state of a new process (see {@link #initX86State}), saved once. */
    final MemorySegment pristine;
    private final int hookSlot;
    /** A hook was added beyond the always-installed ones (a debugger's): never reused. */
    private boolean extraHooks;
    /** Spaces this engine has served. */
    private int uses = 1;

    // Preallocated batch for the x86 syscall hook: read rip, rflags and the syscall registers;
    // write rcx, r11.
    final MemorySegment entryRegs;
    final MemorySegment entryVals;
    final MemorySegment entryPtrs;
    final MemorySegment entryWriteRegs;
    // Preallocated batch for the x86 cpuid hook: read rax, rcx; write rax, rcx, rbx, rdx.
    final MemorySegment cpuidRegs;
    final MemorySegment cpuidVals;
    final MemorySegment cpuidPtrs;

    /** Opens an engine whose hooks call hooks. */
    UnicornEngine(UnicornArch spec, Hooks hooks) {
        this.spec = spec;
        this.uc = new Uc(spec.ucArch, spec.ucMode);
        int slot = -1;
        try {
            var arena = uc.arena();
            int entryCount = 2 + spec.syscallRegs.length;
            entryRegs = arena.allocate(JAVA_INT, entryCount);
            entryVals = arena.allocate(JAVA_LONG, entryCount);
            entryPtrs = arena.allocate(ADDRESS, entryCount);
            entryWriteRegs = arena.allocate(JAVA_INT, 2);
            for (int i = 0; i < entryCount; i++) {
                entryPtrs.setAtIndex(ADDRESS, i, entryVals.asSlice(i * 8L, 8));
            }
            entryRegs.setAtIndex(JAVA_INT, 0, UcConst.UC_X86_REG_RIP);
            entryRegs.setAtIndex(JAVA_INT, 1, UcConst.UC_X86_REG_RFLAGS);
            for (int i = 0; i < spec.syscallRegs.length; i++) {
                entryRegs.setAtIndex(JAVA_INT, 2 + i, spec.syscallRegs[i]);
            }
            entryWriteRegs.setAtIndex(JAVA_INT, 0, UcConst.UC_X86_REG_RCX);
            entryWriteRegs.setAtIndex(JAVA_INT, 1, UcConst.UC_X86_REG_R11);
            cpuidRegs = arena.allocate(JAVA_INT, 4);
            cpuidVals = arena.allocate(JAVA_LONG, 4);
            cpuidPtrs = arena.allocate(ADDRESS, 4);
            int[] cpuidIds = {UcConst.UC_X86_REG_RAX, UcConst.UC_X86_REG_RCX, UcConst.UC_X86_REG_RBX,
                UcConst.UC_X86_REG_RDX};
            for (int i = 0; i < 4; i++) {
                cpuidRegs.setAtIndex(JAVA_INT, i, cpuidIds[i]);
                cpuidPtrs.setAtIndex(ADDRESS, i, cpuidVals.asSlice(i * 8L, 8));
            }
            slot = HookSlots.take(hooks);
            stopCheck = installHooks(HookSlots.userData(slot));
            if (spec == UnicornArch.X86_64) {
                initX86State();
            }
            if (spec == UnicornArch.AARCH64) {
                // CPACR_EL1.FPEN = 0b11: no FP/SIMD traps. Unicorn 2.0.1 (Cortex-A72, EL1) executes
                // FP/SIMD without it (measured), but the architecture says it traps, so set it.
                uc.regWrite(UcConst.UC_ARM64_REG_CPACR_EL1, 3L << 20);
            }
            pristine = uc.contextAlloc();
            uc.contextSave(pristine);
        } catch (RuntimeException e) {
            uc.close();
            if (slot >= 0) {
                HookSlots.release(slot);
            }
            throw e;
        }
        this.hookSlot = slot;
    }

    private StopCheck installHooks(MemorySegment user) {
        long all0 = 1;
        long all1 = 0; // begin > end: the hook covers every address
        uc.hookAdd(UcConst.UC_HOOK_INTR, HookStubs.interrupt(), user, all0, all1);
        uc.hookAdd(UcConst.UC_HOOK_MEM_INVALID, HookStubs.invalidMemory(), user, all0, all1);
        StopCheck check = StopCheck.install(uc);
        if (spec == UnicornArch.X86_64) {
            uc.hookAddInsn(HookStubs.x86Syscall(), user, all0, all1, UcConst.UC_X86_INS_SYSCALL);
            uc.hookAddInsn(HookStubs.x86Cpuid(), user, all0, all1, UcConst.UC_X86_INS_CPUID);
            uc.hookAddInsn(HookStubs.x86PortIn(), user, all0, all1, UcConst.UC_X86_INS_IN);
            uc.hookAddInsn(HookStubs.x86PortOut(), user, all0, all1, UcConst.UC_X86_INS_OUT);
        }
        return check;
    }

    /**
     * The x86 state Linux gives a new process, which Unicorn 2.0.1 leaves at zero: CR4.OSFXSR and
     * CR4.OSXMMEXCPT (without OSFXSR, fxsave/fxrstor skip MXCSR and the xmm registers, so glibc's
     * lazy-binding trampoline would not restore xmm arguments), MXCSR 0x1f80 (all exceptions
     * masked; Unicorn starts with 0), the x87 control word 0x37f (Unicorn starts with 0) and an
     * empty x87 stack, tag word 0xffff (Unicorn starts with all eight registers tagged valid).
     * Written before the pristine context is saved, so every context starts with it.
     */
    private void initX86State() {
        long cr4 = uc.regRead(UcConst.UC_X86_REG_CR4);
        uc.regWrite(UcConst.UC_X86_REG_CR4, cr4 | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
        uc.regWrite(UcConst.UC_X86_REG_MXCSR, 0x1f80);
        uc.regWrite(UcConst.UC_X86_REG_FPCW, 0x37f);
        uc.regWrite(UcConst.UC_X86_REG_FPTAG, 0xffff);
    }

    /** From now on this engine's hooks call hooks (a reused engine's new space). */
    void attach(Hooks hooks) {
        uses++;
        HookSlots.set(hookSlot, hooks);
    }

    /** A hook beyond the always-installed ones was added: the engine is closed, not reused. */
    void markExtraHooks() {
        extraHooks = true;
    }

    /**
     * Whether another space may use this engine: not after a debugger's hooks, and not after
     * MAX_USES spaces. Unicorn 2.0.1 reclaims its translation buffer only by a full flush,
     * which zero-fills the whole buffer (see {@link #reset}): the code each space translated
     * stays there, so an engine is retired while what it holds is still small.
     */
    boolean reusable() {
        return !extraHooks && uses < MAX_USES;
    }

    /**
     * Makes an engine whose space has unmapped every region, dropping the translations of its
     * executable ones, as new as an opened one: no stop request, no hooks reachable. Not
     * uc_ctl_flush_tb: in 2.0.1 it zero-fills a buffer of the size of the whole translation
     * cache, which faulted in gigabytes (measured: 3.3 GB peak RSS over 100 fork + exec).
     */
    void reset() {
        stopCheck.clear();
        HookSlots.set(hookSlot, null); // the closed space is not kept reachable
    }

    /** uc_close, then the hooks' slot is free: no hook of this engine can run any more. */
    void close() {
        try {
            Uc.contextFree(pristine);
            uc.close();
        } finally {
            HookSlots.release(hookSlot);
        }
    }
}
