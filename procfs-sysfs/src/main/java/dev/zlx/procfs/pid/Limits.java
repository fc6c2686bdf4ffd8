package dev.zlx.procfs.pid;

import dev.zlx.kernel.Process;
import dev.zlx.kernel.Rlimits;
import java.nio.charset.StandardCharsets;

/** /proc/PID/limits: proc_pid_limits' table, one row per RLIMIT_* in resource order. */
public final class Limits {
    private static final String[][] ROWS = {
        {"Max cpu time", "seconds"}, {"Max file size", "bytes"}, {"Max data size", "bytes"},
        {"Max stack size", "bytes"}, {"Max core file size", "bytes"}, {"Max resident set", "bytes"},
        {"Max processes", "processes"}, {"Max open files", "files"}, {"Max locked memory", "bytes"},
        {"Max address space", "bytes"}, {"Max file locks", "locks"}, {"Max pending signals", "signals"},
        {"Max msgqueue size", "bytes"}, {"Max nice priority", null}, {"Max realtime priority", null},
        {"Max realtime timeout", "us"},
    };

    private Limits() {
    }

    public static byte[] of(Process p) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units"));
        for (int r = 0; r < ROWS.length; r++) {
            sb.append(String.format("%-25s %-20s %-20s ", ROWS[r][0], value(p.rlimits().soft(r)), value(p.rlimits().hard(r))));
            sb.append(ROWS[r][1] == null ? "\n" : String.format("%-10s\n", ROWS[r][1]));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String value(long v) {
        return v == Rlimits.INFINITY ? "unlimited" : Long.toUnsignedString(v);
    }
}
