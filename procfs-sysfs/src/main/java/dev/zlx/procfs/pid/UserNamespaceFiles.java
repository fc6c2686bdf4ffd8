package dev.zlx.procfs.pid;

import dev.zlx.abi.Errno;
import dev.zlx.kernel.Credentials;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserNamespace;
import dev.zlx.vfs.synthetic.GeneratedFile;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import java.nio.charset.StandardCharsets;

/**
 * /proc/PID/uid_map, gid_map and setgroups: the files of the process's user namespace
 * (kernel/user_namespace.c). The reader's and writer's credentials are the calling task's
 * (Linux takes the opener's; they differ only for a descriptor passed between namespaces).
 */
public final class UserNamespaceFiles {
    private UserNamespaceFiles() {
    }

    /** The map as the reading task's namespace sees it (the kernel's view without one). */
    /** setgroups, uid_map and gid_map, in /proc/PID and in each task/TID, as Linux has them in both. */
    public static void addTo(SyntheticDirectory dir, SyntheticFileSystem fs, Process p) {
        PidFiles.add(dir, fs, p, "setgroups", 0644, () -> setgroups(p), setgroupsWriter(p));
        PidFiles.add(dir, fs, p, "uid_map", 0644, () -> map(p, true), mapWriter(p, true));
        PidFiles.add(dir, fs, p, "gid_map", 0644, () -> map(p, false), mapWriter(p, false));
    }

    public static byte[] map(Process p, boolean uids) {
        return p.credentials().userNs().showMap(uids, UserNamespace.current()).getBytes(StandardCharsets.US_ASCII);
    }

    public static GeneratedFile.PositionedWriteHandler mapWriter(Process p, boolean uids) {
        return (data, offset) -> p.credentials().userNs().writeMap(uids, data, offset, writer());
    }

    public static byte[] setgroups(Process p) {
        return p.credentials().userNs().setgroupsText().getBytes(StandardCharsets.US_ASCII);
    }

    public static GeneratedFile.PositionedWriteHandler setgroupsWriter(Process p) {
        return (data, offset) -> p.credentials().userNs().writeSetgroups(data, offset, writer());
    }

    private static Credentials writer() {
        Task t = Task.current();
        if (t == null) {
            throw Errno.EPERM.exception();
        }
        return t.process().credentials();
    }
}
