package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.zlx.abi.Errno;
import dev.zlx.abi.KernelSigaction;
import dev.zlx.abi.Signals;
import dev.zlx.kernel.ExitStatus;
import org.junit.jupiter.api.Test;

class SignalSyscallsTest extends HandlerTestBase {
    private static final long KILL_AND_STOP = Signals.maskBit(Signals.SIGKILL) | Signals.maskBit(Signals.SIGSTOP);

    private long mask() {
        long old = guest.alloc(8);
        assertEquals(0, sys("rt_sigprocmask", Signals.SIG_BLOCK, 0, old, 8));
        return guest.space().readLong(old);
    }

    @Test
    void rtSigprocmask_setEverything_keepsSigkillAndSigstopUnblockable() {
        long set = guest.alloc(8);
        guest.space().writeLong(set, -1L);
        assertEquals(0, sys("rt_sigprocmask", Signals.SIG_SETMASK, set, 0, 8));
        assertEquals(~KILL_AND_STOP, mask());
    }

    @Test
    void rtSigprocmask_blockThenUnblock_returnsTheOldMask() {
        long set = guest.alloc(8);
        long old = guest.alloc(8);
        guest.space().writeLong(set, Signals.maskBit(Signals.SIGUSR1));
        sys("rt_sigprocmask", Signals.SIG_BLOCK, set, 0, 8);
        assertEquals(0, sys("rt_sigprocmask", Signals.SIG_UNBLOCK, set, old, 8));
        assertEquals(Signals.maskBit(Signals.SIGUSR1), guest.space().readLong(old));
        assertEquals(0, mask());
    }

    @Test
    void rtSigprocmask_badHowOrSize_EINVAL() {
        long set = guest.alloc(8);
        assertEquals(err(Errno.EINVAL), sys("rt_sigprocmask", 7, set, 0, 8));
        assertEquals(err(Errno.EINVAL), sys("rt_sigprocmask", Signals.SIG_BLOCK, set, 0, 4));
    }

    @Test
    void rtSigaction_onSigkill_EINVAL() {
        long act = guest.put(new KernelSigaction(1, 0, 0, 0).encode());
        assertEquals(err(Errno.EINVAL), sys("rt_sigaction", Signals.SIGKILL, act, 0, 8));
    }

    @Test
    void rtSigaction_storesAndReturnsTheOldAction() {
        long act = guest.put(new KernelSigaction(1, 0, 0, -1L).encode());
        long old = guest.alloc(KernelSigaction.SIZE);
        assertEquals(0, sys("rt_sigaction", Signals.SIGUSR1, act, 0, 8));
        assertEquals(0, sys("rt_sigaction", Signals.SIGUSR1, 0, old, 8));
        KernelSigaction stored = KernelSigaction.read(guest.read(old, KernelSigaction.SIZE), 0);
        assertEquals(1, stored.handler());
        assertEquals(~KILL_AND_STOP, stored.mask());
    }

    @Test
    void unblockingAPendingFatalSignal_killsTheProcess() {
        long set = guest.alloc(8);
        guest.space().writeLong(set, Signals.maskBit(Signals.SIGTERM));
        sys("rt_sigprocmask", Signals.SIG_BLOCK, set, 0, 8);
        int pid = guest.process().pid();
        assertEquals(0, sys("kill", pid, Signals.SIGTERM));
        assertNull(guest.process().exitStatus());
        sys("rt_sigprocmask", Signals.SIG_UNBLOCK, set, 0, 8);
        assertEquals(ExitStatus.killed(Signals.SIGTERM, false), guest.process().exitStatus());
    }
}
