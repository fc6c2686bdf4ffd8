package dev.zlx.procfs.pid;

import dev.zlx.kernel.Process;
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
        return () -> p.dumpable() && !p.isDead() ? effective(p) : Owner.ROOT;
    }

    /** The owner of a 0555 directory: always the effective ids. */
    public static Supplier<Owner> ofDirectory(Process p) {
        return () -> effective(p);
    }

    private static Owner effective(Process p) {
        return new Owner(p.credentials().euid(), p.credentials().egid());
    }
}
