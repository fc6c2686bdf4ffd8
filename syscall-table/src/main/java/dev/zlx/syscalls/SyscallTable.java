package dev.zlx.syscalls;

import dev.zlx.abi.Arch;
import dev.zlx.abi.SyscallNumbers;

/**
 * One architecture's syscall table: number → row. Numbers that Linux defines but zlx does not
 * implement have no row (ENOSYS); their names still come from {@link SyscallNumbers}.
 */
public final class SyscallTable {
    private final Arch arch;
    private final SyscallNumbers numbers;
    private final Syscall[] rows;

    public SyscallTable(Arch arch, SyscallRegistry registry) {
        this.arch = arch;
        this.numbers = SyscallNumbers.of(arch);
        this.rows = new Syscall[numbers.maxNumber() + 1];
        for (String name : numbers.names()) {
            rows[numbers.number(name)] = registry.get(name);
        }
    }

    public Arch arch() {
        return arch;
    }

    /** The row for a syscall number, or null when zlx does not implement it. */
    public Syscall row(long number) {
        return number >= 0 && number < rows.length ? rows[(int) number] : null;
    }

    /** Linux's name of a syscall number, or null when Linux defines none. */
    public String name(long number) {
        return number >= 0 && number <= Integer.MAX_VALUE ? numbers.name((int) number) : null;
    }

    public SyscallNumbers numbers() {
        return numbers;
    }
}
