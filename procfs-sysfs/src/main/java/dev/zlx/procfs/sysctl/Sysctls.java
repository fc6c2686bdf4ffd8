package dev.zlx.procfs.sysctl;

import dev.zlx.abi.Errno;
import dev.zlx.abi.KernelLimits;
import dev.zlx.kernel.Kernel;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.Tunables;
import dev.zlx.kernel.Uts;
import dev.zlx.procfs.ProcEntry;
import dev.zlx.vfs.pipe.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import java.util.function.ToIntFunction;

/**
 * /proc/sys (kernel/sysctl.c and friends): each sysctl a line of the table, served as
 * proc_sys_call_handler serves it (see SysctlFile). The UTS names and the limits are writable
 * by root only (mode 0644; the read-only ones are 0444, which proc_sys_permission applies to
 * root as well); the names take effect in the caller's UTS namespace, which uname(2) reports,
 * the limits in the kernel's {@link Tunables}, which the syscalls read. Numbers are parsed as
 * proc_dointvec does and checked against the sysctl's range (EINVAL outside). Linux keeps
 * pid_max per pid namespace and somaxconn per network namespace; zlx has one of each, so they
 * are per kernel. somaxconn is stored only: zlx has no sockets yet, so no listen(2) backlog to
 * cap.
 */
public final class Sysctls {
    private Sysctls() {
    }

    /** pid_max_min and pid_max_max: RESERVED_PIDS + 1 and PID_MAX_LIMIT. */
    private static final int PID_MAX_MIN = Kernel.RESERVED_PIDS + 1;
    /** sysctl_nr_open_min and sysctl_nr_open_max (fs/file.c): BITS_PER_LONG, INT_MAX & -BITS_PER_LONG. */
    private static final int NR_OPEN_MIN = 64;
    private static final int NR_OPEN_MAX = Integer.MAX_VALUE & -64;

    public static final List<ProcEntry> TABLE = List.of(
            string("sys/kernel/hostname", k -> callers(k).hostname(), (k, v) -> callers(k).setHostname(uts(v))),
            string("sys/kernel/domainname", k -> callers(k).domainname(),
                    (k, v) -> callers(k).setDomainname(uts(v))),
            string("sys/kernel/ostype", k -> "Linux", null),
            string("sys/kernel/osrelease", k -> k.config().release(), null),
            string("sys/kernel/version", k -> k.config().version(), null),
            integer("sys/kernel/pid_max", Tunables::pidMax, Tunables::setPidMax, PID_MAX_MIN, Kernel.PID_MAX),
            // sysctl_max_threads: 1 to FUTEX_TID_MASK.
            integer("sys/kernel/threads-max", Tunables::threadsMax, Tunables::setThreadsMax, 1,
                    KernelLimits.MAX_THREADS),
            // proc_do_uuid: a string, a new one for each read(2).
            string("sys/kernel/random/uuid", k -> UUID.randomUUID().toString(), null),
            string("sys/kernel/random/boot_id", k -> k.bootId().toString(), null),
            number("sys/kernel/ngroups_max", k -> (long) KernelLimits.NGROUPS_MAX, null),
            number("sys/kernel/cap_last_cap", k -> (long) KernelLimits.CAP_LAST_CAP, null),
            number("sys/kernel/overflowuid", k -> (long) KernelLimits.OVERFLOW_ID, null),
            number("sys/kernel/overflowgid", k -> (long) KernelLimits.OVERFLOW_ID, null),
            integer("sys/vm/overcommit_memory", Tunables::overcommitMemory, Tunables::setOvercommitMemory,
                    Tunables.OVERCOMMIT_GUESS, Tunables.OVERCOMMIT_NEVER),
            integer("sys/vm/max_map_count", Tunables::maxMapCount, Tunables::setMaxMapCount, 0, Integer.MAX_VALUE),
            // proc_doulongvec_minmax: 0 to LONG_MAX.
            number("sys/fs/file-max", k -> k.tunables().fileMax(),
                    (k, v) -> k.tunables().setFileMax(IntegerWrite.unsignedLong(v))),
            // Allocated, free (always 0 since 2.6), maximum: a vector of three.
            ProcEntry.sysctl(ProcEntry.Kind.SYSCTL_NUMBER, "sys/fs/file-nr",
                    k -> k.openFiles().count() + "\t0\t" + k.tunables().fileMax() + "\n", null),
            integer("sys/fs/nr_open", Tunables::nrOpen, Tunables::setNrOpen, NR_OPEN_MIN, NR_OPEN_MAX),
            number("sys/fs/pipe-max-size", k -> (long) k.tunables().pipeMaxSize(),
                    (k, v) -> k.tunables().setPipeMaxSize(pipeSize(v))),
            integer("sys/net/core/somaxconn", Tunables::somaxconn, Tunables::setSomaxconn, 0, Integer.MAX_VALUE));

    /** proc_dopipe_max_size: an unsigned number, rounded as a pipe's size; EINVAL past 2 GiB. */
    private static int pipeSize(String written) {
        long size = Pipe.roundSize(IntegerWrite.unsigned(written));
        if (size == 0 || size > Integer.MAX_VALUE) {
            throw Errno.EINVAL.exception();
        }
        return (int) size;
    }

    /** A writable int sysctl of the kernel's tunables, in [min, max] (proc_dointvec_minmax). */
    private static ProcEntry integer(String path, ToIntFunction<Tunables> get, ObjIntConsumer<Tunables> set,
            long min, long max) {
        return number(path, k -> (long) get.applyAsInt(k.tunables()),
                (k, v) -> set.accept(k.tunables(), IntegerWrite.signed(v, min, max)));
    }

    /** A numeric sysctl (proc_dointvec and kin); write null for a read-only one. */
    private static ProcEntry number(String path, Function<Kernel, Long> value, BiConsumer<Kernel, String> write) {
        return ProcEntry.sysctl(ProcEntry.Kind.SYSCTL_NUMBER, path, k -> value.apply(k) + "\n", write);
    }

    /** A string sysctl (proc_dostring); write null for a read-only one. */
    private static ProcEntry string(String path, Function<Kernel, String> value, BiConsumer<Kernel, String> write) {
        return ProcEntry.sysctl(ProcEntry.Kind.SYSCTL_STRING, path, k -> value.apply(k) + "\n", write);
    }

    /** The UTS sysctls act on the reader's or writer's namespace (proc_do_uts_string). */
    private static Uts callers(Kernel k) {
        Task t = Task.current();
        return t == null ? k.uts() : t.process().uts();
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
