package dev.zlx.procfs.pid;

import dev.zlx.kernel.Kernel;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.Task;

/** The one-letter task states of fs/proc/array.c that zlx can tell apart. */
public final class TaskState {
    private TaskState() {
    }

    /** The state of task t of p, or of p's leader when t is null. */
    public static char of(Process p, Task t) {
        Task task = t != null ? t : leader(p);
        if (p.pid() == Kernel.INIT_PID && task == null && !p.isDead()) {
            return 'S'; // the kernel's own init runs no guest code: it waits, reaping orphans
        }
        if (p.isDead() || task == null) {
            return 'Z';
        }
        if (p.isStopped()) {
            return 'T';
        }
        return task.sleeping() ? 'S' : 'R';
    }

    /** status's spelling: "S (sleeping)". */
    public static String described(char state) {
        return switch (state) {
            case 'R' -> "R (running)";
            case 'S' -> "S (sleeping)";
            case 'T' -> "T (stopped)";
            default -> "Z (zombie)";
        };
    }

    /** The thread-group leader if it is alive, else any live task, else null. */
    public static Task leader(Process p) {
        Task any = null;
        for (Task t : p.tasks()) {
            if (t.tid() == p.pid()) {
                return t;
            }
            any = any == null ? t : any;
        }
        return any;
    }
}
