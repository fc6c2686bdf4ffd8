package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIGMASK_HOW;
import static dev.zlx.syscalls.trace.ArgKind.SIGNAL;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;

import dev.zlx.abi.Errno;
import dev.zlx.abi.KernelSigaction;
import dev.zlx.abi.Siginfo;
import dev.zlx.abi.Signals;
import dev.zlx.abi.StackT;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.kernel.AltStack;
import dev.zlx.kernel.Credentials;
import dev.zlx.kernel.Kernel;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.SignalDelivery;
import dev.zlx.kernel.SignalSender;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.Interruption;

/**
 * Signal state: dispositions (rt_sigaction(2)) and the thread's mask (rt_sigprocmask(2)).
 * Delivery itself is the kernel's SignalDelivery.
 */
public final class SignalSyscalls {
    /** The signals that can be neither caught, blocked nor ignored. */
    private static final long UNBLOCKABLE = Signals.maskBit(Signals.SIGKILL) | Signals.maskBit(Signals.SIGSTOP);
    private static final int SIGSET_SIZE = 8;

    public void register(SyscallRegistry r) {
        r.full("kill", (t, a) -> kill(t, a.i32(0), a.i32(1)), INT, SIGNAL);
        r.full("tgkill", (t, a) -> tgkill(t, a.i32(0), a.i32(1), a.i32(2)), INT, INT, SIGNAL);
        r.full("tkill", (t, a) -> tgkill(t, -1, a.i32(0), a.i32(1)), INT, SIGNAL);
        r.full("rt_sigtimedwait", (t, a) -> rtSigtimedwait(t, a.ptr(0), a.ptr(1), a.ptr(2), a.size(3)),
                PTR, PTR, PTR, SIZE);
        r.full("rt_sigqueueinfo", (t, a) -> rtSigqueueinfo(t, a.i32(0), -1, a.i32(1), a.ptr(2)), INT, SIGNAL, PTR);
        r.full("rt_tgsigqueueinfo", (t, a) -> rtSigqueueinfo(t, a.i32(0), a.i32(1), a.i32(2), a.ptr(3)),
                INT, INT, SIGNAL, PTR);
        r.full("rt_sigsuspend", (t, a) -> rtSigsuspend(t, a.ptr(0), a.size(1)), PTR, SIZE);
        r.full("pause", (t, a) -> waitForSignal(t));
        r.full("rt_sigreturn", (t, a) -> SignalDelivery.sigreturn(t));
        r.full("restart_syscall", (t, a) -> restartSyscall(t));
        r.full("sigaltstack", (t, a) -> sigaltstack(t, a.ptr(0), a.ptr(1)), PTR, PTR);
        r.full("rt_sigpending", (t, a) -> rtSigpending(t, a.ptr(0), a.size(1)), PTR, SIZE);
        r.full("rt_sigaction", (t, a) -> rtSigaction(t, a.i32(0), a.ptr(1), a.ptr(2), a.size(3)), SIGNAL, PTR, PTR, SIZE);
        r.full("rt_sigprocmask",
                (t, a) -> rtSigprocmask(t, a.i32(0), a.ptr(1), a.ptr(2), a.size(3)), SIGMASK_HOW, PTR, PTR, SIZE);
    }

    /**
     * restart_syscall(2): the kernel makes this call when a task continues after a stop that
     * interrupted a call with a restart block (a sleep goes on to its deadline); with none, EINTR.
     */
    static long restartSyscall(Task t) {
        Task.RestartBlock block = t.takeRestartBlock();
        if (block == null) {
            throw Errno.EINTR.exception();
        }
        return block.resume(t);
    }

    static long rtSigaction(Task t, int sig, long act, long oldact, long sigsetsize) {
        if (sigsetsize != SIGSET_SIZE || sig < 1 || sig > Signals.SIGRTMAX) {
            throw Errno.EINVAL.exception();
        }
        AddressSpace mem = t.process().mm().space();
        KernelSigaction old = t.process().action(sig);
        if (act != 0) {
            if (sig == Signals.SIGKILL || sig == Signals.SIGSTOP) {
                throw Errno.EINVAL.exception();
            }
            KernelSigaction wanted = KernelSigaction.read(UserMemory.read(mem, act, KernelSigaction.SIZE), 0);
            t.process().setAction(sig, new KernelSigaction(wanted.handler(), wanted.flags(), wanted.restorer(),
                    wanted.mask() & ~UNBLOCKABLE));
        }
        if (oldact != 0) {
            UserMemory.write(mem, oldact, old.encode());
        }
        return 0;
    }

    static long rtSigprocmask(Task t, int how, long set, long oldset, long sigsetsize) {
        if (sigsetsize != SIGSET_SIZE) {
            throw Errno.EINVAL.exception();
        }
        AddressSpace mem = t.process().mm().space();
        long old = t.signalMask();
        if (set != 0) {
            long given = mem.readLong(set);
            long next = switch (how) {
                case Signals.SIG_BLOCK -> old | given;
                case Signals.SIG_UNBLOCK -> old & ~given;
                case Signals.SIG_SETMASK -> given;
                default -> throw Errno.EINVAL.exception();
            };
            t.setSignalMask(next & ~UNBLOCKABLE);
        }
        if (oldset != 0) {
            mem.writeLong(oldset, old);
        }
        return 0;
    }

    /**
     * kill(2): pid > 0 one process; 0 the caller's process group; -1 every process but init and
     * the caller; < -1 the process group -pid. ESRCH when nothing matches, EPERM when nothing
     * matching may be signalled.
     */
    static long kill(Task t, int pid, int sig) {
        SignalSender.checkSignal(sig);
        if (pid > 0) {
            Process target = t.process().kernel().process(pid);
            if (target == null) {
                throw Errno.ESRCH.exception();
            }
            requireMayKill(t, target);
            SignalSender.send(target, sig, t);
            return 0;
        }
        if (pid == Integer.MIN_VALUE) {
            throw Errno.ESRCH.exception();
        }
        int group = pid == 0 ? t.process().pgid() : -pid;
        boolean matched = false;
        boolean sent = false;
        for (Process p : t.process().kernel().processes()) {
            boolean member = pid == -1 ? p.pid() != Kernel.INIT_PID && p != t.process() : p.pgid() == group;
            if (!member || p.isDead()) {
                continue;
            }
            matched = true;
            if (mayKill(t.process().credentials(), p.credentials())) {
                SignalSender.send(p, sig, t);
                sent = true;
            }
        }
        if (!matched) {
            throw Errno.ESRCH.exception();
        }
        if (!sent) {
            throw Errno.EPERM.exception();
        }
        return 0;
    }

    long tgkill(Task t, int tgid, int tid, int sig) {
        SignalSender.checkSignal(sig);
        if (tid <= 0 || (tgid != -1 && tgid <= 0)) {
            throw Errno.EINVAL.exception();
        }
        for (Process p : t.process().kernel().processes()) {
            for (Task candidate : p.tasks()) {
                if (candidate.tid() == tid && (tgid == -1 || p.pid() == tgid)) {
                    requireMayKill(t, p);
                    Siginfo info = Siginfo.kill(sig, Siginfo.SI_TKILL, t.process().pid(),
                            p.credentials().userNs().uidOf(t.process().credentials().uid()));
                    SignalSender.send(p, candidate, info, t);
                    return 0;
                }
            }
        }
        throw Errno.ESRCH.exception();
    }

    private static void requireMayKill(Task t, Process target) {
        if (!mayKill(t.process().credentials(), target.credentials())) {
            throw Errno.EPERM.exception();
        }
    }


    /**
     * kill(2)'s permission rule: CAP_KILL over the target's user namespace, or the sender's
     * real/effective uid matches the target's real/saved.
     */
    private static boolean mayKill(Credentials sender, Credentials target) {
        return dev.zlx.kernel.Privilege.capable(sender, target.userNs()) || sender.uid() == target.uid()
                || sender.uid() == target.suid() || sender.euid() == target.uid() || sender.euid() == target.suid();
    }

    /**
     * rt_sigtimedwait(2): takes a pending signal of set (normally blocked) and returns its
     * number; waits for one up to the timeout (EAGAIN), or until a handled signal interrupts
     * the wait (EINTR).
     */
    static long rtSigtimedwait(Task t, long setAddr, long infoAddr, long timeoutAddr, long size) {
        if (size != SIGSET_SIZE) {
            throw Errno.EINVAL.exception();
        }
        AddressSpace mem = t.process().mm().space();
        long set = mem.readLong(setAddr) & ~UNBLOCKABLE;
        long deadline = Long.MAX_VALUE;
        if (timeoutAddr != 0) {
            dev.zlx.abi.Timespec ts = dev.zlx.abi.Timespec.read(UserMemory.read(mem, timeoutAddr, 16), 0);
            if (ts.sec() < 0 || ts.nsec() < 0 || ts.nsec() >= 1_000_000_000L) {
                throw Errno.EINVAL.exception();
            }
            deadline = System.nanoTime() + Math.min(ts.sec(), 1L << 30) * 1_000_000_000L + ts.nsec();
        }
        Object monitor = new Object();
        t.setAwaitedSignals(set);
        try {
            while (true) {
                Siginfo info = t.dequeueFrom(set);
                if (info != null) {
                    if (infoAddr != 0) {
                        UserMemory.write(mem, infoAddr, info.encode());
                    }
                    return info.signo();
                }
                if (t.hasDeliverable() || t.process().exitStatus() != null) {
                    throw Errno.EINTR.exception();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw Errno.EAGAIN.exception();
                }
                synchronized (monitor) {
                    try {
                        Interruption.await(monitor, Math.max(1, Math.min(left / 1_000_000, 1000)));
                    } catch (dev.zlx.abi.LinuxException kicked) {
                        // A signal arrived: look again.
                        Interruption.current().clear();
                    }
                }
            }
        } finally {
            t.setAwaitedSignals(0);
        }
    }

    /** rt_sigqueueinfo(2) / rt_tgsigqueueinfo(2): a signal with the caller's siginfo (si_code < 0 unless to itself). */
    long rtSigqueueinfo(Task t, int tgid, int tid, int sig, long infoAddr) {
        SignalSender.checkSignal(sig);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(UserMemory.read(t.process().mm().space(), infoAddr,
                Siginfo.SIZE)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int code = b.getInt(8);
        Process target = t.process().kernel().process(tgid);
        if (target == null) {
            throw Errno.ESRCH.exception();
        }
        if (code >= 0 && target != t.process()) {
            throw Errno.EPERM.exception();
        }
        Task thread = null;
        if (tid != -1) {
            for (Task candidate : target.tasks()) {
                if (candidate.tid() == tid) {
                    thread = candidate;
                }
            }
            if (thread == null) {
                throw Errno.ESRCH.exception();
            }
        }
        requireMayKill(t, target);
        Siginfo info = new Siginfo(sig, code, Siginfo.Layout.QUEUE, b.getInt(16), b.getInt(20), b.getLong(24), 0);
        SignalSender.send(target, thread, info, t);
        return 0;
    }

    /** rt_sigsuspend(2): waits with a temporary mask until a signal is taken; always EINTR. */
    static long rtSigsuspend(Task t, long mask, long size) {
        if (size != SIGSET_SIZE) {
            throw Errno.EINVAL.exception();
        }
        long temporary = t.process().mm().space().readLong(mask) & ~UNBLOCKABLE;
        t.setSuspendedMask(t.signalMask());
        t.setSignalMask(temporary);
        return waitForSignal(t);
    }

    /** pause(2) and the wait of rt_sigsuspend: sleeps until a signal can be taken, then EINTR. */
    static long waitForSignal(Task t) {
        Object monitor = new Object();
        while (!t.hasDeliverable() && t.process().exitStatus() == null) {
            synchronized (monitor) {
                try {
                    Interruption.await(monitor, 1000);
                } catch (dev.zlx.abi.LinuxException kicked) {
                    // A signal arrived (or the process is ending): look again.
                    Interruption.current().clear();
                }
            }
        }
        throw Errno.EINTR.exception();
    }

    /** stack_t: ss_sp, ss_flags (int, padded), ss_size. */
    /** sigaltstack(2); the rules live in the kernel's {@link AltStack}, which rt_sigreturn also follows. */
    static long sigaltstack(Task t, long ss, long oldSs) {
        AddressSpace mem = t.process().mm().space();
        AltStack current = t.altStack();
        long sp = t.cpu().sp();
        if (ss != 0) {
            StackT wanted = StackT.decode(UserMemory.read(mem, ss, StackT.SIZE), 0);
            t.setAltStack(current.change(wanted, sp, Signals.minSigStackSize(t.process().arch())));
        }
        if (oldSs != 0) {
            UserMemory.write(mem, oldSs, current.report(sp).encode());
        }
        return 0;
    }

    static long rtSigpending(Task t, long set, long sigsetsize) {
        if (sigsetsize > SIGSET_SIZE) {
            throw Errno.EINVAL.exception();
        }
        t.process().mm().space().writeLong(set, t.pending());
        return 0;
    }
}
