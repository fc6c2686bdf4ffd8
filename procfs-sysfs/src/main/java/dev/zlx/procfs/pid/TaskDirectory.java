package dev.zlx.procfs.pid;

import dev.zlx.kernel.Process;
import dev.zlx.kernel.Task;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** /proc/PID/task: one directory per thread, with the per-thread view of stat, status, comm and sched. */
public final class TaskDirectory extends SyntheticDirectory {
    private final SyntheticFileSystem fs;
    private final Process p;
    private final Map<Integer, SyntheticDirectory> dirs = new ConcurrentHashMap<>();

    public TaskDirectory(SyntheticFileSystem fs, Process p) {
        super(fs, 0555);
        this.fs = fs;
        this.p = p;
        ownedBy(PidOwner.of(p));
    }

    @Override
    protected List<String> dynamicNames() {
        return p.tasks().stream().map(Task::tid).sorted().map(String::valueOf).toList();
    }

    @Override
    protected Inode dynamicLookup(String name) {
        if (!name.matches("[1-9][0-9]{0,9}")) {
            return null;
        }
        int tid = Integer.parseInt(name);
        Task t = p.tasks().stream().filter(x -> x.tid() == tid).findFirst().orElse(null);
        if (t == null) {
            dirs.remove(tid);
            return null;
        }
        return dirs.computeIfAbsent(tid, x -> thread(t));
    }

    private SyntheticDirectory thread(Task t) {
        SyntheticDirectory d = new SyntheticDirectory(fs, 0555);
        d.ownedBy(PidOwner.of(p));
        PidFiles.add(d, fs, p, "stat", 0444, () -> TaskStat.of(p, t));
        PidFiles.add(d, fs, p, "status", 0444, () -> Status.of(p, t));
        PidFiles.add(d, fs, p, "sched", 0444, () -> ProcessFiles.sched(p, t));
        PidFiles.add(d, fs, p, "comm", 0644, () -> ProcessFiles.comm(p), data -> ProcessFiles.setComm(p, data));
        PidFiles.add(d, fs, p, "cmdline", 0444, () -> ProcessFiles.cmdline(p));
        PidFiles.add(d, fs, p, "statm", 0444, () -> Statm.of(p));
        PidFiles.add(d, fs, p, "maps", 0444, () -> MemoryMaps.maps(p));
        return d;
    }
}
