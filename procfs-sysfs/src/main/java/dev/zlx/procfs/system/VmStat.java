package dev.zlx.procfs.system;

import dev.zlx.kernel.Kernel;

/**
 * /proc/vmstat (mm/vmstat.c): "name value" lines. zlx keeps page counts only (free and in use,
 * as meminfo); it pages nothing in or out of a block device and has no swap, so those event
 * counters are truly 0. The other counters Linux prints are left out rather than invented.
 */
final class VmStat {
    private VmStat() {
    }

    private static final long PAGE = 4096;

    static String text(Kernel k) {
        long total = k.config().memoryBytes();
        long used = Math.min(total, k.usedMemoryBytes());
        return "nr_free_pages " + (total - used) / PAGE + "\n"
                + "nr_anon_pages " + used / PAGE + "\n"
                + "pgpgin 0\npgpgout 0\npswpin 0\npswpout 0\n";
    }
}
