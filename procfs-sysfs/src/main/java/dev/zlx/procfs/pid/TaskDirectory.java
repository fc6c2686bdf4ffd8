package dev.zlx.procfs.pid;

import dev.zlx.abi.Errno;
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
        ownedBy(PidOwner.ofDirectory(p));
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

    /**
     * task/TID (tid_base_stuff): the thread's own stat, status, sched, comm and io, and the
     * process's files seen from the thread, guarded as in /proc/PID.
     */
    private SyntheticDirectory thread(Task t) {
        SyntheticDirectory d = new SyntheticDirectory(fs, 0555);
        d.ownedBy(PidOwner.ofDirectory(p));
        d.add("fd", FdDirectory.links(fs, p));
        d.add("fdinfo", FdDirectory.infos(fs, p));
        d.add("ns", new NsDirectory(fs, p));
        PidFiles.guarded(d, fs, p, "environ", 0400, () -> ProcessFiles.environ(p));
        PidFiles.guarded(d, fs, p, "auxv", 0400, () -> ProcessFiles.auxv(p));
        PidFiles.add(d, fs, p, "stat", 0444, () -> TaskStat.of(p, t));
        PidFiles.add(d, fs, p, "status", 0444, () -> Status.of(p, t));
        PidFiles.checkedAtRead(d, fs, p, "personality", 0400, Errno.EPERM, () -> ProcessFiles.personality(p, t));
        PidFiles.add(d, fs, p, "limits", 0444, () -> Limits.of(p));
        PidFiles.add(d, fs, p, "sched", 0644, () -> ProcessFiles.sched(p, t));
        PidFiles.add(d, fs, p, "comm", 0644, () -> ProcessFiles.comm(p, t), data -> ProcessFiles.setComm(p, t, data));
        PidFiles.add(d, fs, p, "cmdline", 0444, () -> ProcessFiles.cmdline(p));
        PidFiles.add(d, fs, p, "statm", 0444, () -> Statm.of(p));
        PidFiles.guarded(d, fs, p, "maps", 0444, () -> MemoryMaps.maps(p));
        PidFiles.guarded(d, fs, p, "smaps", 0444, () -> MemoryMaps.smaps(p));
        PidFiles.add(d, fs, p, "mounts", 0444, () -> MountInfo.mounts(p));
        PidFiles.add(d, fs, p, "mountinfo", 0444, () -> MountInfo.mountinfo(p));
        PidFiles.add(d, fs, p, "cgroup", 0444, () -> "0::/\n".getBytes()); // one cgroup at / until cgroups exist
        PidFiles.add(d, fs, p, "oom_score", 0444, () -> ProcessFiles.oomScore(p));
        PidFiles.add(d, fs, p, "oom_score_adj", 0644, () -> ProcessFiles.oomScoreAdj(p),
                data -> ProcessFiles.setOomScoreAdj(p, data));
        PidFiles.add(d, fs, p, "wchan", 0444, () -> "0".getBytes());
        PidFiles.checkedAtRead(d, fs, p, "io", 0400, Errno.EACCES, () -> ProcessFiles.io(t.io()));
        PidFiles.add(d, fs, p, "loginuid", 0644, () -> LoginUid.read(p, t),
                data -> LoginUid.write(p, t, data));
        UserNamespaceFiles.addTo(d, fs, p);
        PathMagicLink.addLinks(d, fs, p);
        return d;
    }
}
