package dev.zlx.procfs.system;

import dev.zlx.kernel.Kernel;

/**
 * /proc/loadavg (fs/proc/loadavg.c): the 1, 5 and 15 minute load averages, running/total tasks
 * and the last pid. zlx has no scheduler run queue sampled every 5 s (guest threads are host
 * threads), so the averages are 0.00 as sysinfo(2) reports them; the running count is the tasks
 * whose host thread is runnable now.
 */
final class LoadAvg {
    private LoadAvg() {
    }

    static String text(Kernel k) {
        int total = 0;
        for (var p : k.processes()) {
            total += p.tasks().size();
        }
        return String.format("0.00 0.00 0.00 %d/%d %d%n", k.runningTasks(), total, k.lastPid());
    }
}
