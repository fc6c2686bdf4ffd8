package dev.zlx.procfs.system;

import dev.zlx.kernel.Kernel;
import dev.zlx.kernel.LoadAverage;

/**
 * /proc/loadavg (fs/proc/loadavg.c): the 1, 5 and 15 minute load averages, running/total tasks
 * and the last pid. The averages are the kernel's {@link LoadAverage} (as sysinfo(2) reports
 * them); the running count is the tasks whose host thread is runnable now.
 */
final class LoadAvg {
    private LoadAvg() {
    }

    static String text(Kernel k) {
        long[] avg = k.load().averages();
        return LoadAverage.format(avg[0]) + " " + LoadAverage.format(avg[1]) + " " + LoadAverage.format(avg[2])
                + " " + k.runningTasks() + "/" + k.taskCount() + " " + k.lastPid() + "\n";
    }
}
