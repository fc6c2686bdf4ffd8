package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIGMASK_HOW;
import static dev.zlx.syscalls.trace.ArgKind.SIGNAL;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;

import dev.zlx.abi.Errno;
import dev.zlx.abi.KernelSigaction;
import dev.zlx.abi.Signals;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;

/**
 * Signal state: dispositions (rt_sigaction(2)) and the thread's mask (rt_sigprocmask(2)).
 * The state is kept exactly; delivering signals comes with the signals work.
 */
public final class SignalSyscalls {
    /** The signals that can be neither caught, blocked nor ignored. */
    private static final long UNBLOCKABLE = Signals.maskBit(Signals.SIGKILL) | Signals.maskBit(Signals.SIGSTOP);
    private static final int SIGSET_SIZE = 8;

    public void register(SyscallRegistry r) {
        r.partial("rt_sigaction", "dispositions are stored; handlers are not yet invoked",
                (t, a) -> rtSigaction(t, a.i32(0), a.ptr(1), a.ptr(2), a.size(3)), SIGNAL, PTR, PTR, SIZE);
        r.partial("rt_sigprocmask", "the mask is stored; no signal is delivered yet",
                (t, a) -> rtSigprocmask(t, a.i32(0), a.ptr(1), a.ptr(2), a.size(3)), SIGMASK_HOW, PTR, PTR, SIZE);
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
}
