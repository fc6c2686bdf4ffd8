package dev.zlx.procfs.pid;

import dev.zlx.kernel.IdMap;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.UserNamespace;
import dev.zlx.vfs.Owner;
import java.util.function.Supplier;

/**
 * Who owns /proc/PID's entries (task_dump_owner, followed as it changes like pid_update_inode):
 * the process's effective user and group; root when the process is not dumpable or has no
 * memory any more (a zombie), except for the world-readable directories (/proc/PID,
 * task/TID), which keep the effective ids so that stat of /proc/PID tells the user.
 */
public final class PidOwner {
    private PidOwner() {
    }

    public static Supplier<Owner> of(Process p) {
        return () -> p.isDead() ? Owner.ROOT : p.dumpable() ? effective(p) : namespaceRoot(p);
    }

    /** The root of the process's user namespace (make_kuid(mm->user_ns, 0)), or the global root if unmapped. */
    private static Owner namespaceRoot(Process p) {
        UserNamespace ns = p.credentials().userNs();
        long uid = ns.kernelUid(0);
        long gid = ns.kernelGid(0);
        return new Owner(uid == IdMap.INVALID ? 0 : (int) uid, gid == IdMap.INVALID ? 0 : (int) gid);
    }

    /** The owner of a 0555 directory: always the effective ids. */
    public static Supplier<Owner> ofDirectory(Process p) {
        return () -> effective(p);
    }

    private static Owner effective(Process p) {
        return new Owner(p.credentials().euid(), p.credentials().egid());
    }
}
