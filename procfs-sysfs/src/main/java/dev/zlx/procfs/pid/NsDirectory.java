package dev.zlx.procfs.pid;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Namespaces;
import dev.zlx.kernel.Process;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticSymlink;
import java.util.function.LongSupplier;

/**
 * /proc/PID/ns: one link per namespace type, reading "type:[inode]". zlx has its own mount, UTS
 * and user namespaces; every other type is the initial one, whose number Linux fixes. The links name
 * the namespace for a caller with ptrace access to the process, but cannot be opened (zlx has
 * no nsfs; setns is not supported).
 */
public final class NsDirectory extends SyntheticDirectory {
    public NsDirectory(SyntheticFileSystem fs, Process p) {
        super(fs, 0511);
        ownedBy(PidOwner.of(p));
        link(fs, p, "cgroup", () -> Namespaces.PROC_CGROUP_INIT_INO);
        link(fs, p, "ipc", () -> Namespaces.PROC_IPC_INIT_INO);
        link(fs, p, "mnt", () -> p.mountNamespace().inum());
        link(fs, p, "net", () -> Namespaces.PROC_DYNAMIC_FIRST);
        link(fs, p, "pid", () -> Namespaces.PROC_PID_INIT_INO);
        link(fs, p, "pid_for_children", () -> Namespaces.PROC_PID_INIT_INO);
        link(fs, p, "time", () -> Namespaces.PROC_TIME_INIT_INO);
        link(fs, p, "time_for_children", () -> Namespaces.PROC_TIME_INIT_INO);
        link(fs, p, "user", () -> p.credentials().userNs().inum());
        link(fs, p, "uts", () -> p.uts().inum());
    }

    private void link(SyntheticFileSystem fs, Process p, String type, LongSupplier inum) {
        String name = type.endsWith("_for_children") ? type.substring(0, type.indexOf('_')) : type;
        // Reading one needs ptrace access (proc_ns_get_link, proc_ns_readlink): EACCES otherwise.
        add(type, new SyntheticSymlink(fs, () -> {
            GuardedFile.require(p, Errno.EACCES);
            return name + ":[" + inum.getAsLong() + "]";
        })).ownedBy(PidOwner.of(p));
    }
}
