package dev.zlx.kernel.testing;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.cpu.StopReason;
import dev.zlx.cpu.TrapHandler;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@link ExecutionContext} that holds its registers in a map and runs no code: {@link #run}
 * plays the syscalls queued with {@link #queueSyscall}, calling the trap handler for each, and
 * stops when the handler asks to or the queue is empty.
 */
public final class FakeExecutionContext implements ExecutionContext {
    private static final String[] X86_SYSCALL = {"rax", "rdi", "rsi", "rdx", "r10", "r8", "r9"};
    private static final String[] ARM64_SYSCALL = {"x8", "x0", "x1", "x2", "x3", "x4", "x5"};

    private final AddressSpace space;
    private final Map<String, Long> registers = new HashMap<>();
    private final Deque<long[]> script = new ArrayDeque<>();
    private long pc;
    private long sp;
    private long tls;
    private boolean interrupted;

    public FakeExecutionContext(AddressSpace space) {
        this.space = space;
    }

    @Override
    public Arch arch() {
        return space.arch();
    }

    @Override
    public AddressSpace addressSpace() {
        return space;
    }

    @Override
    public long pc() {
        return pc;
    }

    @Override
    public void setPc(long pc) {
        this.pc = pc;
    }

    @Override
    public long sp() {
        return sp;
    }

    @Override
    public void setSp(long sp) {
        this.sp = sp;
    }

    @Override
    public long tls() {
        return tls;
    }

    @Override
    public void setTls(long value) {
        this.tls = value;
    }

    @Override
    public long register(String name) {
        return registers.getOrDefault(name, 0L);
    }

    @Override
    public void setRegister(String name, long value) {
        registers.put(name, value);
    }

    private String[] syscallRegisters() {
        return arch() == Arch.AARCH64 ? ARM64_SYSCALL : X86_SYSCALL;
    }

    @Override
    public void readSyscall(long[] out) {
        String[] names = syscallRegisters();
        for (int i = 0; i < names.length; i++) {
            out[i] = register(names[i]);
        }
    }

    @Override
    public void setSyscallResult(long value) {
        setRegister(arch() == Arch.AARCH64 ? "x0" : "rax", value);
    }

    /** The result register (rax / x0). */
    public long syscallResult() {
        return register(arch() == Arch.AARCH64 ? "x0" : "rax");
    }

    /** Loads a syscall number and up to six arguments into the registers the arch uses. */
    public void loadSyscall(long number, long... args) {
        if (args.length > 6) {
            throw new IllegalArgumentException("at most six arguments");
        }
        String[] names = syscallRegisters();
        setRegister(names[0], number);
        for (int i = 1; i < names.length; i++) {
            setRegister(names[i], i - 1 < args.length ? args[i - 1] : 0);
        }
    }

    /** Queues a syscall for {@link #run} to present to the trap handler. */
    public void queueSyscall(long number, long... args) {
        long[] call = new long[args.length + 1];
        call[0] = number;
        System.arraycopy(args, 0, call, 1, args.length);
        script.add(call);
    }

    @Override
    public StopReason run(TrapHandler handler) {
        while (!interrupted && !script.isEmpty()) {
            long[] call = script.poll();
            loadSyscall(call[0], java.util.Arrays.copyOfRange(call, 1, call.length));
            if (!handler.onSyscall(this)) {
                break;
            }
        }
        interrupted = false;
        return StopReason.stopped(pc);
    }

    @Override
    public void interrupt() {
        interrupted = true;
    }

    /** Whether the kernel gave the context back. */
    public boolean released;

    @Override
    public void release() {
        released = true;
    }
}
