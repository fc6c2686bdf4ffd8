package dev.zlx.kernel;

/**
 * ptrace_may_access (kernel/ptrace.c) with PTRACE_MODE_FSCREDS, as /proc guards the files that
 * show another process's memory, descriptors and links: a thread of the same process always
 * may; otherwise the caller's file-system uid must equal the target's real, effective and saved
 * uids and its file-system gid the three gids, and a target that is not dumpable is reachable
 * only with CAP_SYS_PTRACE over the target's user namespace ({@link Privilege}). The READ and
 * ATTACH modes differ only in LSMs (Yama), which zlx has none of, so one check serves both.
 */
public final class PtraceAccess {
    private PtraceAccess() {
    }

    /** Whether caller (null: the kernel itself) may look into target. */
    public static boolean allowed(Task caller, Process target) {
        if (caller == null || caller.process() == target) {
            return true;
        }
        // A process without memory (a zombie) has no dumpable flag to check.
        return allowed(caller.process().credentials(), target.credentials(), target.isDead() || target.dumpable());
    }

    /** The check between two processes: c looks into a process with credentials t. */
    static boolean allowed(Credentials c, Credentials t, boolean dumpable) {
        boolean privileged = Privilege.capable(c, t.userNs()); // ptrace_has_cap over the target's namespace
        boolean sameIds = c.fsuid() == t.uid() && c.fsuid() == t.euid() && c.fsuid() == t.suid()
                && c.fsgid() == t.gid() && c.fsgid() == t.egid() && c.fsgid() == t.sgid();
        return privileged || sameIds && dumpable;
    }
}
