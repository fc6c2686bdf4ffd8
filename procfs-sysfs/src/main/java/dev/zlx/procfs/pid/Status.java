package dev.zlx.procfs.pid;

import dev.zlx.kernel.Credentials;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserNamespace;
import java.nio.charset.StandardCharsets;

/** /proc/PID/status and task/TID/status, as fs/proc/array.c prints them. */
public final class Status {
    /** Capabilities 0..CAP_LAST_CAP (40): the full set root holds. */
    private static final long FULL_CAPS = (1L << 41) - 1;

    private Status() {
    }

    /** Real, effective, saved and fs ids, tab-separated, each as the reader's namespace sees it. */
    private static String ids(java.util.function.IntUnaryOperator seen, int real, int effective, int saved, int fs) {
        return seen.applyAsInt(real) + "\t" + seen.applyAsInt(effective) + "\t" + seen.applyAsInt(saved) + "\t"
                + seen.applyAsInt(fs);
    }

    public static byte[] of(Process p, Task t) {
        Task task = t != null ? t : TaskState.leader(p);
        Credentials c = p.credentials();
        MemoryUse mem = MemoryUse.of(p);
        StringBuilder sb = new StringBuilder();
        line(sb, "Name", t != null ? t.comm() : p.comm());
        line(sb, "Umask", String.format("%04o", p.fs().umask()));
        line(sb, "State", TaskState.described(TaskState.of(p, t)));
        line(sb, "Tgid", p.pid());
        line(sb, "Ngid", 0);
        line(sb, "Pid", t != null ? t.tid() : p.pid());
        line(sb, "PPid", p.ppid());
        line(sb, "TracerPid", 0);
        // As the reader's user namespace sees them (seq_user_ns); the kernel's view without a reader.
        UserNamespace ns = UserNamespace.current();
        line(sb, "Uid", ids(ns::uidOf, c.uid(), c.euid(), c.suid(), c.fsuid()));
        line(sb, "Gid", ids(ns::gidOf, c.gid(), c.egid(), c.sgid(), c.fsgid()));
        line(sb, "FDSize", fdSize(p));
        StringBuilder groups = new StringBuilder();
        for (int g : c.groups()) {
            groups.append(ns.gidOf(g)).append(' ');
        }
        line(sb, "Groups", groups.toString());
        line(sb, "NStgid", p.pid());
        line(sb, "NSpid", t != null ? t.tid() : p.pid());
        line(sb, "NSpgid", p.pgid());
        line(sb, "NSsid", p.sid());
        line(sb, "Kthread", 0);
        if (mem != MemoryUse.NONE) {
            // zlx keeps no high-water marks: the peaks are the current values.
            kb(sb, "VmPeak", mem.size());
            kb(sb, "VmSize", mem.size());
            kb(sb, "VmLck", 0);
            kb(sb, "VmPin", 0);
            kb(sb, "VmHWM", mem.rss());
            kb(sb, "VmRSS", mem.rss());
            kb(sb, "RssAnon", mem.rssAnon());
            kb(sb, "RssFile", mem.rssFile());
            kb(sb, "RssShmem", mem.rssShmem());
            kb(sb, "VmData", mem.data());
            kb(sb, "VmStk", mem.stack());
            kb(sb, "VmExe", mem.exe());
            kb(sb, "VmLib", mem.lib());
            kb(sb, "VmPTE", 0);
            kb(sb, "VmSwap", 0);
            kb(sb, "HugetlbPages", 0);
            line(sb, "CoreDumping", 0);
            line(sb, "THP_enabled", 1);
        }
        line(sb, "Threads", p.tasks().size());
        line(sb, "SigQ", "0/" + p.rlimits().soft(dev.zlx.abi.Resource.RLIMIT_SIGPENDING));
        line(sb, "SigPnd", hex16(task == null ? 0 : task.pending() & ~p.sharedPendingSignals()));
        line(sb, "ShdPnd", hex16(p.sharedPendingSignals()));
        line(sb, "SigBlk", hex16(task == null ? 0 : task.signalMask()));
        line(sb, "SigIgn", hex16(SignalSets.ignored(p)));
        line(sb, "SigCgt", hex16(SignalSets.caught(p)));
        line(sb, "CapInh", hex16(0));
        line(sb, "CapPrm", hex16(c.capPermitted() ? FULL_CAPS : 0));
        line(sb, "CapEff", hex16(c.capEffective() ? FULL_CAPS : 0));
        line(sb, "CapBnd", hex16(FULL_CAPS));
        line(sb, "CapAmb", hex16(0));
        line(sb, "NoNewPrivs", 0);
        line(sb, "Seccomp", 0);
        line(sb, "Seccomp_filters", 0);
        line(sb, "Speculation_Store_Bypass", "thread vulnerable");
        line(sb, "SpeculationIndirectBranch", "conditional enabled");
        int cpus = p.kernel().config().cpuCount();
        line(sb, "Cpus_allowed", CpuMask.hex(cpus));
        line(sb, "Cpus_allowed_list", cpus == 1 ? "0" : "0-" + (cpus - 1));
        line(sb, "Mems_allowed", "1");
        line(sb, "Mems_allowed_list", "0");
        line(sb, "voluntary_ctxt_switches", 0);
        line(sb, "nonvoluntary_ctxt_switches", 0);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** FDSize: the descriptor table's capacity, a multiple of 64 (BITS_PER_LONG) as Linux grows it. */
    private static int fdSize(Process p) {
        int highest = p.fds().openDescriptors().stream().mapToInt(Integer::intValue).max().orElse(0);
        return Math.max(64, (highest / 64 + 1) * 64);
    }

    private static void line(StringBuilder sb, String key, Object value) {
        sb.append(key).append(":\t").append(value).append('\n');
    }

    private static void kb(StringBuilder sb, String key, long bytes) {
        sb.append(key).append(":\t").append(String.format("%8d", bytes / 1024)).append(" kB\n");
    }

    private static String hex16(long v) {
        return String.format("%016x", v);
    }
}
