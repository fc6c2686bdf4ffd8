package dev.zlx.cpu;

import dev.zlx.abi.Arch;

/**
 * One guest thread's CPU: its registers and the means to run it. Created by {@link
 * AddressSpace#createContext}; used by one host thread at a time, except {@link #interrupt}.
 */
public interface ExecutionContext {
    Arch arch();

    AddressSpace addressSpace();

    long pc();

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
     * Runs guest code from the current PC until the trap handler asks to stop, {@link #interrupt}
     * is called, or the guest faults.
     */
    StopReason run(TrapHandler handler);

    /** Asks a running context to stop soon; safe from any thread. */
    void interrupt();
}
