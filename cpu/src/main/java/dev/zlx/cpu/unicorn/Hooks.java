package dev.zlx.cpu.unicorn;

import dev.zlx.cpu.StopReason;
import dev.zlx.cpu.StopReason.Kind;
import java.lang.foreign.MemorySegment;

/**
 * The bodies of the engine's always-installed hooks. Every body catches Throwable: an exception
 * leaving an FFM upcall kills the JVM. A failure is recorded in the address space and stops the
 * engine; the run then reports it.
 */
final class Hooks {
    /** QEMU's EXCP_UDEF on aarch64: an undefined instruction (arrives at UC_HOOK_INTR). */
    static final int ARM64_EXCP_UDEF = 1;
    /** QEMU's EXCP_SWI on aarch64: svc (arrives at UC_HOOK_INTR, PC already past the svc). */
    static final int ARM64_EXCP_SWI = 2;
    /** x86 #UD. */
    static final int X86_EXCP_UD = 6;

    private final UnicornAddressSpace as;

    Hooks(UnicornAddressSpace as) {
        this.as = as;
    }

    /** UC_HOOK_INTR: aarch64 svc is a syscall; anything else ends the run. */
    void onInterrupt(MemorySegment uc, int intno, MemorySegment user) {
        try {
            UnicornContext ctx = as.inGuest;
            boolean arm = as.spec == UnicornArch.AARCH64;
            if (arm && intno == ARM64_EXCP_SWI && ctx != null) {
                ctx.captureTrapRegisters();
                ctx.syscallTrap();
                return;
            }
            long pc = as.uc.regRead(as.spec.pcReg);
            if ((arm && intno == ARM64_EXCP_UDEF) || (!arm && intno == X86_EXCP_UD)) {
                as.hookStop = new StopReason(Kind.ILLEGAL_INSTRUCTION, pc, 0, null);
            } else {
                as.hookStop = new StopReason(Kind.EXCEPTION, pc, intno, null);
            }
            as.stopFromHook();
        } catch (Throwable t) {
            as.recordFailure(t);
        }
    }

    /** UC_HOOK_INSN for x86 syscall: RIP is still the syscall's own address here. */
    void onX86Syscall(MemorySegment uc, MemorySegment user) {
        try {
            UnicornContext ctx = as.inGuest;
            as.x86SyscallEntry(ctx);
            if (ctx != null) {
                ctx.syscallTrap();
            }
        } catch (Throwable t) {
            as.recordFailure(t);
        }
    }

    /**
     * UC_HOOK_INSN for x86 cpuid: answers from {@link X86Cpuid}'s table. Returns 1 (skip Unicorn's
     * own CPUID) when answered, 0 for leaves not in the table. On a failure the run ends with it.
     */
    int onX86Cpuid(MemorySegment uc, MemorySegment user) {
        try {
            return as.x86Cpuid() ? 1 : 0;
        } catch (Throwable t) {
            as.recordFailure(t);
            return 1;
        }
    }

    /** The x86 general-protection exception vector. */
    private static final int X86_EXCP_GP = 13;

    /**
     * UC_HOOK_INSN for x86 in and out: a user-mode process without I/O privilege (IOPL 0, no
     * ioperm) gets #GP, so the run ends with it (SIGSEGV), where Unicorn would run the port I/O.
     */
    int onX86PortIn(MemorySegment uc, int port, int size, MemorySegment user) {
        generalProtection();
        return 0;
    }

    void onX86PortOut(MemorySegment uc, int port, int size, int value, MemorySegment user) {
        generalProtection();
    }

    private void generalProtection() {
        try {
            as.hookStop = new StopReason(Kind.EXCEPTION, as.uc.regRead(as.spec.pcReg), X86_EXCP_GP, null);
            as.stopFromHook();
        } catch (Throwable t) {
            as.recordFailure(t);
        }
    }

    /** UC_HOOK_MEM_INVALID: records the fault; returning false makes uc_emu_start fail. */
    boolean onInvalidMemory(MemorySegment uc, int type, long address, int size, long value, MemorySegment user) {
        try {
            Kind kind;
            int access;
            switch (type) {
                case UcConst.UC_MEM_READ_UNMAPPED -> { kind = Kind.UNMAPPED; access = StopReason.ACCESS_READ; }
                case UcConst.UC_MEM_WRITE_UNMAPPED -> { kind = Kind.UNMAPPED; access = StopReason.ACCESS_WRITE; }
                case UcConst.UC_MEM_FETCH_UNMAPPED -> { kind = Kind.UNMAPPED; access = StopReason.ACCESS_FETCH; }
                case UcConst.UC_MEM_READ_PROT -> { kind = Kind.PROTECTION; access = StopReason.ACCESS_READ; }
                case UcConst.UC_MEM_WRITE_PROT -> { kind = Kind.PROTECTION; access = StopReason.ACCESS_WRITE; }
                case UcConst.UC_MEM_FETCH_PROT -> { kind = Kind.PROTECTION; access = StopReason.ACCESS_FETCH; }
                default -> { kind = Kind.UNMAPPED; access = 0; }
            }
            if (as.hookStop == null) {
                as.hookStop = new StopReason(kind, address, access, null);
            }
        } catch (Throwable t) {
            as.recordFailure(t);
        }
        return false;
    }
}
