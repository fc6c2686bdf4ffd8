package dev.zlx.cpu;

import dev.zlx.abi.Arch;

/**
 * One guest thread's CPU: its registers and the means to run it. Created by {@link
 * AddressSpace#createContext}; used by one host thread at a time, except {@link #interrupt}.
 */
public interface ExecutionContext {
    Arch arch();

    AddressSpace addressSpace();

    /**
     * The guest PC. Inside {@link TrapHandler#onSyscall} it is the address after the syscall
     * instruction on every architecture (where the guest resumes).
     */
    long pc();

    /**
     * Sets the guest PC. Also allowed inside {@link TrapHandler#onSyscall} (sigreturn, execve):
     * the guest then resumes at this address, whatever the handler returns.
     */
    void setPc(long pc);

    long sp();

    void setSp(long sp);

    /** The thread pointer: FS base on x86-64, TPIDR_EL0 on aarch64. */
    long tls();

    void setTls(long value);

    /** The value of a general register by its Linux/ABI name ("rax", "x0", …). */
    long register(String name);

    void setRegister(String name, long value);

    /**
     * Reads the syscall number and its six arguments into out[0..6] in one go (x86-64: rax, rdi,
     * rsi, rdx, r10, r8, r9; aarch64: x8, x0…x5).
     */
    void readSyscall(long[] out);

    /** Sets the value the interrupted syscall returns (rax / x0). */
    void setSyscallResult(long value);

    /**
     * Copies this context's whole user-visible CPU state into target, a context of the same
     * architecture in another address space (fork) or in this one (a new thread): general
     * registers, flags, PC, SP, TLS bases, FP/SIMD state (x86-64: x87, MXCSR, xmm; aarch64: NZCV,
     * FPCR, FPSR, TPIDR_EL0, v0–v31). Meant to be called inside {@link TrapHandler#onSyscall}: the
     * copied PC is then {@link #pc()}, the address after the syscall instruction (or what {@link
     * #setPc} set), and on x86-64 the target gets the RCX and R11 the syscall instruction sets.
     * The syscall result register is copied as it is: set the target's with {@link
     * #setSyscallResult} (0 for fork's child). The target must not be running.
     *
     * @throws IllegalArgumentException if target is of another architecture or backend
     */
    default void copyRegistersTo(ExecutionContext target) {
        throw new UnsupportedOperationException("copyRegistersTo is not supported by " + getClass().getName());
    }

    /**
     * The FP/SIMD state in Linux's user layout, as a signal frame holds it. x86-64: the 512-byte
     * FXSAVE image (struct _fpstate_64): cwd u16 @0, swd u16 @2, abridged tag u16 @4 (bit i = 1:
     * physical register Ri not empty), fop u16 @6, rip u64 @8, rdp u64 @16, mxcsr u32 @24,
     * mxcsr_mask u32 @28, ST(0)..ST(7) @32 (80 bits in 16-byte slots), xmm0–15 @160 (16 bytes
     * each), bytes 416..511 zero (sw_reserved is the kernel's to fill). aarch64: struct
     * user_fpsimd_state, 528 bytes: v0–v31 @0 (16 bytes each), fpsr u32 @512, fpcr u32 @516, 8
     * reserved zero bytes. Callable between runs and inside this context's {@link
     * TrapHandler#onSyscall}.
     */
    default byte[] readFpState() {
        throw new UnsupportedOperationException("readFpState is not supported by " + getClass().getName());
    }

    /**
     * Restores FP/SIMD state from the layout of {@link #readFpState} (rt_sigreturn): x87 stack,
     * control, status (with TOP) and tag words, MXCSR and xmm0–15; or v0–v31, FPSR, FPCR. Fields
     * the hardware does not restore from user memory (x86 fop, rip, rdp, mxcsr_mask, padding) are
     * ignored; MXCSR bits outside mxcsr_mask are dropped, as Linux does. Callable between runs and
     * inside this context's {@link TrapHandler#onSyscall}.
     *
     * @throws IllegalArgumentException if state is not 512 (x86-64) or 528 (aarch64) bytes long
     */
    default void writeFpState(byte[] state) {
        throw new UnsupportedOperationException("writeFpState is not supported by " + getClass().getName());
    }

    /**
     * Runs guest code from the current PC until the trap handler asks to stop, {@link #interrupt}
     * is called, or the guest faults. A syscall that must block ends the run (handler returns
     * false), waits without holding the CPU, sets its result with {@link #setSyscallResult}
     * and runs again: the next run resumes after the syscall instruction.
     *
     * @throws CpuException if the engine fails, or a trap handler threw despite its contract
     */
    StopReason run(TrapHandler handler);

    /**
     * Asks a running context to stop soon; safe from any thread. An interrupt that arrives
     * before run() starts makes the next run return {@link StopReason.Kind#STOPPED} at once. A
     * run may also return STOPPED without a cause (a spurious stop): the kernel just runs again.
     */
    void interrupt();

    /**
     * The thread this context belongs to has ended while its address space lives on (another
     * thread or a CLONE_VM process still uses it): the context's resources go back. Using it
     * afterwards throws {@link CpuException}. Closing the address space releases every context.
     */
    void release();
}
