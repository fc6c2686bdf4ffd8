package dev.zlx.procfs;

import dev.zlx.abi.Errno;
import dev.zlx.kernel.Process;
import dev.zlx.procfs.pid.FdDirectory;
import dev.zlx.procfs.pid.Limits;
import dev.zlx.procfs.pid.LoginUid;
import dev.zlx.procfs.pid.MemoryMaps;
import dev.zlx.procfs.pid.MountInfo;
import dev.zlx.procfs.pid.NsDirectory;
import dev.zlx.procfs.pid.PathMagicLink;
import dev.zlx.procfs.pid.PidFiles;
import dev.zlx.procfs.pid.PidOwner;
import dev.zlx.procfs.pid.ProcessFiles;
import dev.zlx.procfs.pid.Statm;
import dev.zlx.procfs.pid.Status;
import dev.zlx.procfs.pid.TaskDirectory;
import dev.zlx.procfs.pid.TaskStat;
import dev.zlx.procfs.pid.UserNamespaceFiles;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;

/**
 * /proc/PID: the files that describe one process, one line each (fs/proc/base.c's
 * tgid_base_stuff, with its modes). Every entry is owned by the process's effective user (root
 * when it is not dumpable), so the 0400 files (environ, auxv, io) are another user's to refuse
 * with EACCES; the files that show its memory, descriptors and links are guarded by
 * ptrace_may_access as well (PidFiles.guarded and checkedAtRead, PathMagicLink, FdLink).
 */
final class PidDirectory extends SyntheticDirectory {
    PidDirectory(SyntheticFileSystem fs, Process p) {
        super(fs, 0555);
        ownedBy(PidOwner.ofDirectory(p));
        add("task", new TaskDirectory(fs, p));
        add("fd", FdDirectory.links(fs, p));
        add("fdinfo", FdDirectory.infos(fs, p));
        add("ns", new NsDirectory(fs, p));
        PidFiles.guarded(this, fs, p, "environ", 0400, () -> ProcessFiles.environ(p));
        PidFiles.guarded(this, fs, p, "auxv", 0400, () -> ProcessFiles.auxv(p));
        PidFiles.add(this, fs, p, "status", 0444, () -> Status.of(p, null));
        PidFiles.checkedAtRead(this, fs, p, "personality", 0400, Errno.EPERM, () -> ProcessFiles.personality(p, null));
        PidFiles.add(this, fs, p, "limits", 0444, () -> Limits.of(p));
        PidFiles.add(this, fs, p, "sched", 0644, () -> ProcessFiles.sched(p, null));
        PidFiles.add(this, fs, p, "comm", 0644, () -> ProcessFiles.comm(p, null),
                data -> ProcessFiles.setComm(p, null, data));
        PidFiles.add(this, fs, p, "cmdline", 0444, () -> ProcessFiles.cmdline(p));
        PidFiles.add(this, fs, p, "stat", 0444, () -> TaskStat.of(p, null));
        PidFiles.add(this, fs, p, "statm", 0444, () -> Statm.of(p));
        PidFiles.guarded(this, fs, p, "maps", 0444, () -> MemoryMaps.maps(p));
        PidFiles.guarded(this, fs, p, "smaps", 0444, () -> MemoryMaps.smaps(p));
        PidFiles.add(this, fs, p, "mounts", 0444, () -> MountInfo.mounts(p));
        PidFiles.add(this, fs, p, "mountinfo", 0444, () -> MountInfo.mountinfo(p));
        PidFiles.add(this, fs, p, "cgroup", 0444, () -> "0::/\n".getBytes()); // one cgroup at / until cgroups exist
        PidFiles.add(this, fs, p, "oom_score", 0444, () -> ProcessFiles.oomScore(p));
        PidFiles.add(this, fs, p, "oom_score_adj", 0644, () -> ProcessFiles.oomScoreAdj(p),
                data -> ProcessFiles.setOomScoreAdj(p, data));
        PidFiles.add(this, fs, p, "wchan", 0444, () -> "0".getBytes()); // no kernel symbol to name where it waits
        PidFiles.checkedAtRead(this, fs, p, "io", 0400, Errno.EACCES, () -> ProcessFiles.io(p.io()));
        PidFiles.add(this, fs, p, "loginuid", 0644, () -> LoginUid.read(p, null),
                data -> LoginUid.write(p, null, data));
        UserNamespaceFiles.addTo(this, fs, p);
        PathMagicLink.addLinks(this, fs, p);
    }
}
