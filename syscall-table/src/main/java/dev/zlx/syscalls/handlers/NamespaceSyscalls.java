package dev.zlx.syscalls.handlers;

import static dev.zlx.abi.CloneFlags.CLONE_FILES;
import static dev.zlx.abi.CloneFlags.CLONE_FS;
import static dev.zlx.abi.CloneFlags.CLONE_NEWNS;
import static dev.zlx.abi.CloneFlags.CLONE_NEWUSER;
import static dev.zlx.abi.CloneFlags.CLONE_NEWUTS;
import static dev.zlx.abi.CloneFlags.CLONE_SIGHAND;
import static dev.zlx.abi.CloneFlags.CLONE_SYSVSEM;
import static dev.zlx.abi.CloneFlags.CLONE_THREAD;
import static dev.zlx.abi.CloneFlags.CLONE_VM;
import static dev.zlx.abi.CloneFlags.UNSHARE_NAMESPACES;
import static dev.zlx.syscalls.trace.ArgKind.HEX;

import dev.zlx.abi.Errno;
import dev.zlx.kernel.Credentials;
import dev.zlx.kernel.Privilege;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.Task;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.SyscallRegistry;

/**
 * unshare(2): a process leaves what it shares with others — its descriptor table, its root and
 * working directory, and its user, mount and UTS namespaces.
 */
public final class NamespaceSyscalls {
    private static final long ACCEPTED = CLONE_THREAD | CLONE_FS | CLONE_SIGHAND | CLONE_VM | CLONE_FILES
            | CLONE_SYSVSEM | UNSHARE_NAMESPACES;

    private final CompatReport report;

    public NamespaceSyscalls(CompatReport report) {
        this.report = report;
    }

    public void register(SyscallRegistry r) {
        r.partial("unshare", "CLONE_FILES, CLONE_FS, CLONE_NEWUSER, CLONE_NEWNS and CLONE_NEWUTS; the other namespaces "
                + "are EINVAL, as on a kernel built without them", (t, a) -> unshare(t, a.raw(0)), HEX);
    }

    /**
     * New mount and UTS namespaces need CAP_SYS_ADMIN in the user namespace of the credentials
     * they are made with (a new user namespace's creator has it there): EPERM otherwise.
     */
    static void requireNamespacePrivilege(Credentials c) {
        if (!Privilege.capable(c, c.userNs())) {
            throw Errno.EPERM.exception();
        }
    }

    /**
     * current_chrooted: the root is not the mount namespace's root. Such a process may not
     * make a user namespace (it would gain the privilege to leave the chroot).
     */
    static boolean chrooted(Process p) {
        return !p.fs().root().path().equals("/");
    }

    /** ksys_unshare: the implied flags first, then check_unshare_flags, then the unsharing. */
    long unshare(Task t, long flags) {
        if ((flags & CLONE_NEWUSER) != 0) {
            flags |= CLONE_THREAD | CLONE_FS;
        }
        if ((flags & CLONE_VM) != 0) {
            flags |= CLONE_SIGHAND;
        }
        if ((flags & CLONE_SIGHAND) != 0) {
            flags |= CLONE_THREAD;
        }
        if ((flags & CLONE_NEWNS) != 0) {
            flags |= CLONE_FS;
        }
        if ((flags & ~ACCEPTED) != 0) {
            throw Errno.EINVAL.exception();
        }
        Process p = t.process();
        boolean alone = p.tasks().size() == 1;
        if ((flags & CLONE_THREAD) != 0 && !alone || (flags & CLONE_VM) != 0 && p.mm().shared()) {
            throw Errno.EINVAL.exception();
        }
        long otherNamespaces = flags & UNSHARE_NAMESPACES & ~(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWUSER);
        if (otherNamespaces != 0) {
            report.missingFeature("unshare", "namespaces 0x" + Long.toHexString(otherNamespaces));
            throw Errno.EINVAL.exception();
        }
        // unshare_userns comes first: the other namespaces then belong to the new one.
        Credentials cred = p.credentials();
        if ((flags & CLONE_NEWUSER) != 0) {
            cred = cred.inNewUserNamespace(chrooted(p));
        }
        if ((flags & (CLONE_NEWNS | CLONE_NEWUTS)) != 0) {
            requireNamespacePrivilege(cred);
        }
        if ((flags & CLONE_NEWUTS) != 0 && !alone) {
            // Linux moves only the calling thread; zlx keeps the namespace per process.
            report.missingFeature("unshare", "CLONE_NEWUTS in a multi-threaded process");
            throw Errno.EINVAL.exception();
        }
        if ((flags & CLONE_FS) != 0 && !alone) {
            // Threads share one root and working directory in zlx, where Linux gives the caller
            // its own (and so its own mount namespace): not there yet.
            report.missingFeature("unshare", "CLONE_FS or CLONE_NEWNS in a multi-threaded process");
            throw Errno.EINVAL.exception();
        }
        if ((flags & CLONE_FILES) != 0) {
            p.unshareFds();
        }
        if ((flags & CLONE_FS) != 0) {
            p.unshareFs();
        }
        if ((flags & CLONE_NEWUSER) != 0) {
            synchronized (p) {
                p.setCredentials(cred);
            }
        }
        if ((flags & CLONE_NEWNS) != 0) {
            p.newMountNamespace();
        }
        if ((flags & CLONE_NEWUTS) != 0) {
            p.newUtsNamespace();
        }
        return 0;
    }
}
