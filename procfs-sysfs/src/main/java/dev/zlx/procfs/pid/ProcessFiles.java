package dev.zlx.procfs.pid;

import dev.zlx.abi.Errno;
import dev.zlx.kernel.CpuTime;
import dev.zlx.kernel.IoAccounting;
import dev.zlx.kernel.Privilege;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.mm.Mm;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The small per-process files of fs/proc/base.c, each a few lines. */
public final class ProcessFiles {
    /** OOM_SCORE_ADJ_MIN and _MAX. */
    private static final int OOM_ADJ_MIN = -1000;
    private static final int OOM_ADJ_MAX = 1000;
    /** TASK_COMM_LEN less the terminating NUL. */
    private static final int COMM_MAX = 15;

    private ProcessFiles() {
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] nulJoined(List<String> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : items) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    public static byte[] cmdline(Process p) {
        return p.isDead() || p.image() == null ? new byte[0] : nulJoined(p.image().argv());
    }

    public static byte[] environ(Process p) {
        return p.isDead() || p.image() == null ? new byte[0] : nulJoined(p.image().envp());
    }

    /** The name of thread t, or of the leader when t is null (comm is per task). */
    public static byte[] comm(Process p, Task t) {
        return text((t != null ? t.comm() : p.comm()) + "\n");
    }

    /**
     * comm_write: the first 15 bytes become the name of thread t (the leader when t is null), up
     * to a NUL, a newline kept as Linux keeps it; only a thread of the same process may rename
     * it (EINVAL otherwise).
     */
    public static void setComm(Process p, Task t, byte[] data) {
        Task caller = Task.current();
        if (caller == null || caller.process() != p) {
            throw Errno.EINVAL.exception();
        }
        int n = Math.min(data.length, COMM_MAX);
        for (int i = 0; i < n; i++) {
            if (data[i] == 0) {
                n = i;
                break;
            }
        }
        String name = new String(data, 0, n, StandardCharsets.UTF_8);
        if (t != null) {
            t.setComm(name);
        } else {
            p.setComm(name);
        }
    }

    /** The saved auxiliary vector, as native-endian 64-bit pairs. */
    public static byte[] auxv(Process p) {
        if (p.isDead() || p.image() == null) {
            return new byte[0];
        }
        long[] aux = p.image().auxv();
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(aux.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long v : aux) {
            out.putLong(v);
        }
        return out.array();
    }

    public static byte[] oomScoreAdj(Process p) {
        return text(p.oomScoreAdj() + "\n");
    }

    /** oom_score_adj_write: a decimal in -1000..1000 (surrounding white space allowed), else EINVAL. */
    public static void setOomScoreAdj(Process p, byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8).strip();
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw Errno.EINVAL.exception();
        }
        if (v < OOM_ADJ_MIN || v > OOM_ADJ_MAX) {
            throw Errno.EINVAL.exception();
        }
        Task caller = Task.current();
        // Lowering the value below the lowest ever set needs CAP_SYS_RESOURCE.
        if (v < p.oomScoreAdj() && caller != null && !Privilege.global(caller.process())) {
            throw Errno.EACCES.exception();
        }
        p.setOomScoreAdj(v);
    }

    /** proc_oom_score: the badness (resident pages plus the adjustment) scaled to 0..2000, then by 2/3. */
    public static byte[] oomScore(Process p) {
        long totalPages = Math.max(1, p.kernel().config().memoryBytes() / Mm.PAGE);
        int adj = p.oomScoreAdj();
        long points = 0;
        if (adj != OOM_ADJ_MIN) {
            long badness = MemoryUse.pages(MemoryUse.of(p).rss()) + adj * totalPages / 1000;
            points = (1000 + badness * 1000 / totalPages) * 2 / 3;
        }
        return text(Math.max(0, points) + "\n");
    }

    /** proc_pid_sched: the scheduler statistics zlx has (CPU time, policy, priority). */
    public static byte[] sched(Process p, Task t) {
        Task task = t != null ? t : TaskState.leader(p);
        CpuTime cpu = t != null ? CpuTime.of(t) : CpuTime.of(p);
        StringBuilder sb = new StringBuilder();
        String head = (t != null ? t.comm() : p.comm()) + " (" + (t != null ? t.tid() : p.pid()) + ", #threads: "
                + p.tasks().size() + ")";
        sb.append(head).append('\n');
        sb.append("-".repeat(67)).append('\n');
        long ns = cpu.totalNanos();
        sb.append(String.format("%-45s:%21d.%06d\n", "se.sum_exec_runtime", ns / 1_000_000, ns % 1_000_000));
        sb.append(String.format("%-45s:%21d\n", "nr_switches", 0));
        sb.append(String.format("%-45s:%21d\n", "nr_voluntary_switches", 0));
        sb.append(String.format("%-45s:%21d\n", "nr_involuntary_switches", 0));
        int nice = task == null ? 0 : task.nice();
        sb.append(String.format("%-45s:%21d\n", "policy", 0));
        sb.append(String.format("%-45s:%21d\n", "prio", 120 + nice));
        return text(sb.toString());
    }

    /**
     * proc_pid_io_accounting: the process's counters (its live and ended threads' and its reaped
     * children's) or one thread's. read_bytes and write_bytes count what reached a block device
     * (submit_bio); zlx has none: tmpfs keeps pages in memory and the host's files are the
     * host's to write back, so both are 0 as on a tmpfs-only Linux, and nothing is cancelled.
     */
    public static byte[] io(IoAccounting io) {
        return text("rchar: " + io.rchar() + "\nwchar: " + io.wchar() + "\nsyscr: " + io.syscr() + "\nsyscw: "
                + io.syscw() + "\nread_bytes: 0\nwrite_bytes: 0\ncancelled_write_bytes: 0\n");
    }

    /** proc_pid_personality: "%08x\n", of thread t or of the leader when t is null. */
    public static byte[] personality(Process p, Task t) {
        return text(String.format("%08x\n", t != null ? t.personality() : p.personality()));
    }
}
