package dev.zlx.procfs.system;

import dev.zlx.kernel.Kernel;

/**
 * /proc/uptime (fs/proc/uptime.c): seconds since boot and the idle time summed over the CPUs,
 * both with two decimals. Idle is what /proc/stat counts as idle.
 */
final class Uptime {
    private Uptime() {
    }

    static String text(Kernel k) {
        long up = k.monotonicNanos();
        long idle = Stat.idleNanos(k, up);
        return String.format("%d.%02d %d.%02d%n", up / 1_000_000_000L, up / 10_000_000L % 100,
                idle / 1_000_000_000L, idle / 10_000_000L % 100);
    }
}
