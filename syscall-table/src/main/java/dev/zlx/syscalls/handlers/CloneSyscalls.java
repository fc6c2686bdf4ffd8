package dev.zlx.syscalls.handlers;

import static dev.zlx.abi.CloneFlags.CLONE_CHILD_CLEARTID;
import static dev.zlx.abi.CloneFlags.CLONE_CHILD_SETTID;
import static dev.zlx.abi.CloneFlags.CLONE_DETACHED;
import static dev.zlx.abi.CloneFlags.CLONE_FILES;
import static dev.zlx.abi.CloneFlags.CLONE_FS;
import static dev.zlx.abi.CloneFlags.CLONE_PARENT;
import static dev.zlx.abi.CloneFlags.CLONE_PARENT_SETTID;
import static dev.zlx.abi.CloneFlags.CLONE_PIDFD;
import static dev.zlx.abi.CloneFlags.CLONE_PTRACE;
import static dev.zlx.abi.CloneFlags.CLONE_SETTLS;
import static dev.zlx.abi.CloneFlags.CLONE_NEWNS;
import static dev.zlx.abi.CloneFlags.CLONE_NEWUSER;
import static dev.zlx.abi.CloneFlags.CLONE_NEWUTS;
import static dev.zlx.abi.CloneFlags.CLONE_SIGHAND;
import static dev.zlx.abi.CloneFlags.CLONE_SYSVSEM;
import static dev.zlx.abi.CloneFlags.CLONE_THREAD;
import static dev.zlx.abi.CloneFlags.CLONE_VFORK;
import static dev.zlx.abi.CloneFlags.CLONE_VM;
import static dev.zlx.abi.CloneFlags.CSIGNAL;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Signals;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.kernel.Credentials;
import dev.zlx.kernel.Fork;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.Threads;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.SyscallRegistry;

/**
 * Creating processes and threads: fork(2), vfork(2), clone(2) and clone3(2).
 */
public final class CloneSyscalls {
    /** What a new thread (pthread_create) asks, all of which zlx carries out. */
    private static final long THREAD_FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD
            | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID
            | CLONE_DETACHED;
    /** What zlx carries out for a new process today. */
    private static final long SUPPORTED = CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_PARENT
            | CLONE_VFORK | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID
            | CLONE_SYSVSEM | CLONE_PTRACE | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWUSER;
    /** struct clone_args up to and including tls (CLONE_ARGS_SIZE_VER0). */
    private static final int CLONE_ARGS_SIZE_VER0 = 64;
    private static final String NOTE = "new processes and threads (CLONE_THREAD with CLONE_VM|CLONE_SIGHAND); "
            + "CLONE_NEWUSER gives a new user namespace, CLONE_NEWNS and CLONE_NEWUTS a copy of the mount and UTS namespace; "
            + "CLONE_PIDFD, CLONE_IO and the other namespaces return ENOSYS";

    private final CompatReport report;

    public CloneSyscalls(CompatReport report) {
        this.report = report;
    }

    public void register(SyscallRegistry r) {
        r.full("fork", (t, a) -> Fork.fork(t, Fork.Options.FORK, child -> { }));
        r.full("vfork", (t, a) -> Fork.fork(t, Fork.Options.VFORK, child -> { }));
        // The argument order of clone differs: x86-64 (flags, stack, ptid, ctid, tls),
        // aarch64 (flags, stack, ptid, tls, ctid).
        r.partial("clone", NOTE, (t, a) -> t.process().arch() == Arch.X86_64
                ? clone(t, a.raw(0), a.ptr(1), a.ptr(2), a.ptr(3), a.raw(4))
                : clone(t, a.raw(0), a.ptr(1), a.ptr(2), a.ptr(4), a.raw(3)), HEX, PTR, PTR, PTR, HEX);
        r.partial("clone3", NOTE, (t, a) -> clone3(t, a.ptr(0), a.size(1)), PTR, SIZE);
    }

    long clone(Task t, long flags, long stack, long parentTid, long childTid, long tls) {
        if ((flags & CLONE_THREAD) != 0) {
            return thread(t, flags, stack, parentTid, childTid, tls);
        }
        if ((flags & CLONE_SIGHAND) != 0 && (flags & CLONE_VM) == 0) {
            throw Errno.EINVAL.exception();
        }
        if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS)
                || (flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS)) {
            throw Errno.EINVAL.exception();
        }
        long unsupported = flags & ~SUPPORTED;
        if (unsupported != 0) {
            report.missingFeature("clone", "flags 0x" + Long.toHexString(unsupported));
            throw Errno.ENOSYS.exception();
        }
        // copy_creds makes the new user namespace; the child's other new namespaces belong to it.
        Credentials childCred = (flags & CLONE_NEWUSER) != 0
                ? t.process().credentials().inNewUserNamespace(NamespaceSyscalls.chrooted(t.process())) : null;
        if ((flags & (CLONE_NEWNS | CLONE_NEWUTS)) != 0) {
            NamespaceSyscalls.requireNamespacePrivilege(childCred != null ? childCred : t.process().credentials());
        }
        int exitSignal = (int) (flags & CSIGNAL);
        if (exitSignal > Signals.SIGRTMAX) {
            throw Errno.EINVAL.exception();
        }
        AddressSpace parentMem = t.process().mm().space();
        if ((flags & CLONE_PARENT_SETTID) != 0) {
            parentMem.readInt(parentTid);
        }
        var options = new Fork.Options(exitSignal, (flags & CLONE_VFORK) != 0, (flags & CLONE_VM) != 0,
                (flags & CLONE_FILES) != 0, (flags & CLONE_FS) != 0, (flags & CLONE_PARENT) != 0,
                (flags & CLONE_SIGHAND) != 0, (flags & CLONE_NEWNS) != 0);
        int pid = Fork.fork(t, options, child -> {
            if (childCred != null) {
                child.process().setCredentials(childCred);
            }
            prepare(child, flags, stack, childTid, tls);
        });
        if ((flags & CLONE_PARENT_SETTID) != 0) {
            parentMem.writeInt(parentTid, pid);
        }
        return pid;
    }

    /** What clone's flags ask of the new task before it first runs. */
    private static void prepare(Task child, long flags, long stack, long childTid, long tls) {
        if (stack != 0) {
            child.cpu().setSp(stack);
        }
        if ((flags & CLONE_SETTLS) != 0) {
            child.cpu().setTls(tls);
        }
        if ((flags & CLONE_CHILD_SETTID) != 0) {
            child.process().mm().space().writeInt(childTid, child.tid());
        }
        if ((flags & CLONE_CHILD_CLEARTID) != 0) {
            child.setClearChildTid(childTid);
        }
        if ((flags & CLONE_NEWUTS) != 0) {
            child.process().newUtsNamespace();
        }
    }

    /** clone(CLONE_THREAD…): a new thread of the caller's process (pthread_create). */
    private long thread(Task t, long flags, long stack, long parentTid, long childTid, long tls) {
        if ((flags & CLONE_SIGHAND) == 0 || (flags & CLONE_VM) == 0 || (flags & CLONE_NEWUSER) != 0) {
            throw Errno.EINVAL.exception();
        }
        long unsupported = flags & ~THREAD_FLAGS & ~CSIGNAL;
        if (unsupported != 0) {
            report.missingFeature("clone", "thread flags 0x" + Long.toHexString(unsupported));
            throw Errno.ENOSYS.exception();
        }
        AddressSpace mem = t.process().mm().space();
        if ((flags & CLONE_PARENT_SETTID) != 0) {
            mem.readInt(parentTid);
        }
        int tid = Threads.create(t, child -> {
            prepare(child, flags, stack, childTid, tls);
            if ((flags & CLONE_PARENT_SETTID) != 0) {
                // Written before the thread runs, as Linux does, so it can rely on it.
                mem.writeInt(parentTid, child.tid());
            }
        });
        return tid;
    }

    long clone3(Task t, long args, long size) {
        if (size < CLONE_ARGS_SIZE_VER0 || size > 4096) {
            throw Errno.EINVAL.exception();
        }
        AddressSpace mem = t.process().mm().space();
        long flags = mem.readLong(args);
        long pidfd = mem.readLong(args + 8);
        long childTid = mem.readLong(args + 16);
        long parentTid = mem.readLong(args + 24);
        long exitSignal = mem.readLong(args + 32);
        long stack = mem.readLong(args + 40);
        long stackSize = mem.readLong(args + 48);
        long tls = mem.readLong(args + 56);
        if ((flags & CSIGNAL) != 0 || exitSignal > Signals.SIGRTMAX || exitSignal < 0) {
            throw Errno.EINVAL.exception();
        }
        if ((flags & CLONE_PIDFD) != 0 || pidfd != 0) {
            report.missingFeature("clone3", "CLONE_PIDFD");
            throw Errno.ENOSYS.exception();
        }
        if ((stack == 0) != (stackSize == 0)) {
            throw Errno.EINVAL.exception();
        }
        // clone3 gives the lowest address and size of the stack; clone wants its top.
        return clone(t, flags | exitSignal, stack == 0 ? 0 : stack + stackSize, parentTid, childTid, tls);
    }
}
