package dev.zlx.procfs.pid;

import dev.zlx.kernel.Process;
import dev.zlx.vfs.Owner;
import java.util.function.Supplier;

/** Who owns /proc/PID's entries: the process's effective user and group, followed as they change (pid_update_inode). */
public final class PidOwner {
    private PidOwner() {
    }

    public static Supplier<Owner> of(Process p) {
        return () -> new Owner(p.credentials().euid(), p.credentials().egid());
    }
}
