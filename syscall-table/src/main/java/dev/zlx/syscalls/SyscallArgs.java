package dev.zlx.syscalls;

/**
 * The six raw argument registers of one syscall, with accessors named after the C types they
 * stand for. Index 0 is the first argument. The accessors truncate as the kernel does: an int
 * argument is the low 32 bits of its register.
 */
public final class SyscallArgs {
    private long[] registers;

    /** Points this view at a task's register scratch (number in [0], arguments in [1..6]). */
    void reset(long[] registers) {
        this.registers = registers;
    }

    /** The raw 64-bit register. */
    public long raw(int i) {
        return registers[i + 1];
    }

    /** An int (fd, flags, mode_t, pid_t…): the low 32 bits, signed. */
    public int i32(int i) {
        return (int) registers[i + 1];
    }

    /** A file descriptor. */
    public int fd(int i) {
        return (int) registers[i + 1];
    }

    /** An unsigned int, widened. */
    public long u32(int i) {
        return registers[i + 1] & 0xffffffffL;
    }

    /** A user pointer. */
    public long ptr(int i) {
        return registers[i + 1];
    }

    /** A size_t. */
    public long size(int i) {
        return registers[i + 1];
    }

    /** A long or off_t. */
    public long i64(int i) {
        return registers[i + 1];
    }
}
