package dev.zlx.procfs.system;

import dev.zlx.kernel.Kernel;
import dev.zlx.kernel.Overcommit;

/**
 * /proc/meminfo (fs/proc/meminfo.c), in kB as show_val_kb prints them, from the kernel's own
 * accounting: the configured memory size and what the guests' address spaces map — the figures
 * sysinfo(2) reports, and the commit accounting of {@link Overcommit}. zlx has no page cache,
 * buffers or swap, so those are 0.
 */
final class MemInfo {
    private MemInfo() {
    }

    static String text(Kernel k) {
        long total = k.config().memoryBytes();
        long free = Math.max(0, total - k.usedMemoryBytes());
        StringBuilder sb = new StringBuilder();
        line(sb, "MemTotal", total);
        line(sb, "MemFree", free);
        line(sb, "MemAvailable", free);
        line(sb, "Buffers", 0);
        line(sb, "Cached", 0);
        line(sb, "SwapCached", 0);
        line(sb, "SwapTotal", 0);
        line(sb, "SwapFree", 0);
        line(sb, "AnonPages", total - free);
        line(sb, "Shmem", 0);
        line(sb, "SReclaimable", 0);
        line(sb, "CommitLimit", Overcommit.commitLimit(k));
        line(sb, "Committed_AS", Overcommit.committed(k));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, long bytes) {
        sb.append(String.format("%-16s%8d kB%n", name + ":", bytes / 1024));
    }
}
