package dev.zlx.procfs.sysctl;

import static dev.zlx.procfs.ProcEntry.file;
import static dev.zlx.procfs.ProcEntry.writable;

import dev.zlx.abi.KernelLimits;
import dev.zlx.kernel.Kernel;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.Uts;
import dev.zlx.procfs.ProcEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * /proc/sys (kernel/sysctl.c and friends): each sysctl a line of the table. The UTS names are
 * writable (by root: the mode is 0644 and procfs applies it to root too) and take effect in the
 * caller's UTS namespace, which uname(2) reports. The numeric sysctls show the limits the kernel
 * applies; zlx cannot change those limits, so they are read-only (0444) and a write fails with
 * EACCES at open, as Linux does for a sysctl without write permission.
 */
public final class Sysctls {
    private Sysctls() {
    }

    /** THREAD_SIZE on x86-64 and arm64: threads-max = RAM / (8 * THREAD_SIZE), as set_max_threads. */
    private static final long THREAD_SIZE = 16384;

    public static final List<ProcEntry> TABLE = List.of(
            writable("sys/kernel/hostname", k -> callers(k).hostname() + "\n",
                    (k, v) -> callers(k).setHostname(uts(v))),
            writable("sys/kernel/domainname", k -> callers(k).domainname() + "\n",
                    (k, v) -> callers(k).setDomainname(uts(v))),
            file("sys/kernel/ostype", k -> "Linux\n"),
            file("sys/kernel/osrelease", k -> k.config().release() + "\n"),
            file("sys/kernel/version", k -> k.config().version() + "\n"),
            number("sys/kernel/pid_max", k -> (long) Kernel.PID_MAX),
            number("sys/kernel/threads-max", k -> Math.clamp(k.config().memoryBytes() / (8 * THREAD_SIZE),
                    KernelLimits.MIN_THREADS, KernelLimits.MAX_THREADS)),
            file("sys/kernel/random/uuid", k -> UUID.randomUUID() + "\n"),
            file("sys/kernel/random/boot_id", k -> k.bootId() + "\n"),
            number("sys/kernel/ngroups_max", k -> (long) KernelLimits.NGROUPS_MAX),
            number("sys/kernel/cap_last_cap", k -> (long) KernelLimits.CAP_LAST_CAP),
            number("sys/kernel/overflowuid", k -> (long) KernelLimits.OVERFLOW_ID),
            number("sys/kernel/overflowgid", k -> (long) KernelLimits.OVERFLOW_ID),
            // Heuristic overcommit (0): mmap reserves no memory, pages come on first touch.
            number("sys/vm/overcommit_memory", k -> 0L),
            number("sys/vm/max_map_count", k -> (long) KernelLimits.MAX_MAP_COUNT),
            // files_maxfiles_init: 10% of RAM in kB, at least NR_FILE.
            number("sys/fs/file-max", k -> Math.max(k.config().memoryBytes() / 1024 / 10, KernelLimits.NR_FILE)),
            number("sys/fs/nr_open", k -> (long) KernelLimits.NR_OPEN),
            number("sys/fs/pipe-max-size", k -> (long) dev.zlx.vfs.pipe.Pipe.MAX_SIZE_UNPRIVILEGED),
            number("sys/net/core/somaxconn", k -> (long) KernelLimits.SOMAXCONN));

    /** The UTS sysctls act on the reader's or writer's namespace (proc_do_uts_string). */
    private static Uts callers(Kernel k) {
        Task t = Task.current();
        return t == null ? k.uts() : t.process().uts();
    }

    private static ProcEntry number(String path, Function<Kernel, Long> value) {
        return file(path, k -> value.apply(k) + "\n");
    }

    /**
     * A UTS name as proc_dostring takes it: up to the first newline or NUL, at most
     * __NEW_UTS_LEN bytes (the rest is dropped, not refused).
     */
    private static String uts(String written) {
        int end = written.length();
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if (c == '\n' || c == '\0') {
                end = i;
                break;
            }
        }
        byte[] b = written.substring(0, end).getBytes(StandardCharsets.UTF_8);
        if (b.length > KernelLimits.UTS_NAME_MAX) {
            return new String(b, 0, KernelLimits.UTS_NAME_MAX, StandardCharsets.UTF_8);
        }
        return written.substring(0, end);
    }
}
