package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.ARCH_PRCTL;
import static dev.zlx.syscalls.trace.ArgKind.HEX;

import dev.zlx.abi.ArchPrctl;
import dev.zlx.abi.Errno;
import dev.zlx.kernel.Task;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.SyscallRegistry;

/** arch_prctl(2), x86-64's thread-state call: the FS and GS bases. */
public final class ArchSyscalls {
    private final CompatReport report;

    public ArchSyscalls(CompatReport report) {
        this.report = report;
    }

    public void register(SyscallRegistry r) {
        r.partial("arch_prctl", "ARCH_SET_FS, ARCH_GET_FS, ARCH_SET_GS, ARCH_GET_GS, ARCH_GET_CPUID; "
                + "ARCH_SET_CPUID and the CET/AMX codes return EINVAL", (t, a) -> archPrctl(t, a.i32(0), a.raw(1)),
                ARCH_PRCTL, HEX);
    }

    long archPrctl(Task t, int code, long addr) {
        var cpu = t.cpu();
        switch (code) {
            case ArchPrctl.ARCH_SET_FS -> {
                checkCanonical(addr);
                cpu.setTls(addr);
                return 0;
            }
            case ArchPrctl.ARCH_GET_FS -> {
                t.process().mm().space().writeLong(addr, cpu.tls());
                return 0;
            }
            case ArchPrctl.ARCH_SET_GS -> {
                checkCanonical(addr);
                cpu.setRegister("gs_base", addr);
                return 0;
            }
            case ArchPrctl.ARCH_GET_GS -> {
                t.process().mm().space().writeLong(addr, cpu.register("gs_base"));
                return 0;
            }
            case ArchPrctl.ARCH_GET_CPUID -> {
                return 1;
            }
            default -> {
                report.missingFeature("arch_prctl", "code 0x" + Integer.toHexString(code));
                throw Errno.EINVAL.exception();
            }
        }
    }

    private static void checkCanonical(long addr) {
        if (Long.compareUnsigned(addr, 0x7ffffffff000L) >= 0) {
            throw Errno.EPERM.exception();
        }
    }
}
