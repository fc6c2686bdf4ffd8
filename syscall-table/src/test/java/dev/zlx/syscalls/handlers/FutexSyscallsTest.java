package dev.zlx.syscalls.handlers;

import static dev.zlx.abi.Futex.FUTEX_CLOCK_REALTIME;
import static dev.zlx.abi.Futex.FUTEX_CMP_REQUEUE_PI;
import static dev.zlx.abi.Futex.FUTEX_LOCK_PI;
import static dev.zlx.abi.Futex.FUTEX_LOCK_PI2;
import static dev.zlx.abi.Futex.FUTEX_OWNER_DIED;
import static dev.zlx.abi.Futex.FUTEX_PRIVATE_FLAG;
import static dev.zlx.abi.Futex.FUTEX_TRYLOCK_PI;
import static dev.zlx.abi.Futex.FUTEX_UNLOCK_PI;
import static dev.zlx.abi.Futex.FUTEX_WAIT_REQUEUE_PI;
import static dev.zlx.abi.Futex.FUTEX_WAITERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Timespec;
import org.junit.jupiter.api.Test;

/** The PI operations of futex(2) through the dispatcher, with one thread (several: PiFutexesTest). */
class FutexSyscallsTest extends HandlerTestBase {

    private long futex(long uaddr, int op, long val, long timeout, long uaddr2, long val3) {
        return sys("futex", uaddr, op | FUTEX_PRIVATE_FLAG, val, timeout, uaddr2, val3);
    }

    private int tid() {
        return guest.task().tid();
    }

    private long timespec(long sec, long nsec) {
        byte[] b = new byte[Timespec.SIZE];
        new Timespec(sec, nsec).write(b, 0);
        return guest.put(b);
    }

    @Test
    void lockPi_thenUnlockPi_wordHoldsTheTidThenZero() {
        long w = guest.alloc(4);
        assertEquals(0, futex(w, FUTEX_LOCK_PI, 0, 0, 0, 0));
        assertEquals(tid(), guest.space().readInt(w));
        assertEquals(err(Errno.EDEADLK), futex(w, FUTEX_LOCK_PI, 0, 0, 0, 0));
        assertEquals(err(Errno.EDEADLK), futex(w, FUTEX_TRYLOCK_PI, 0, 0, 0, 0));
        assertEquals(0, futex(w, FUTEX_UNLOCK_PI, 0, 0, 0, 0));
        assertEquals(0, guest.space().readInt(w));
        assertEquals(err(Errno.EPERM), futex(w, FUTEX_UNLOCK_PI, 0, 0, 0, 0));
    }

    @Test
    void trylockPi_ofADeadOwnersWord_keepsOwnerDied() {
        long w = guest.alloc(4);
        guest.space().writeInt(w, FUTEX_OWNER_DIED);
        assertEquals(0, futex(w, FUTEX_TRYLOCK_PI, 0, 0, 0, 0));
        assertEquals(tid() | FUTEX_OWNER_DIED, guest.space().readInt(w));
    }

    @Test
    void lockPi_ownerTidThatDoesNotExist_ESRCH() {
        long w = guest.alloc(4);
        guest.space().writeInt(w, 0x3ffffff0);
        assertEquals(err(Errno.ESRCH), futex(w, FUTEX_LOCK_PI2, 0, 0, 0, 0));
        assertEquals(0x3ffffff0 | FUTEX_WAITERS, guest.space().readInt(w));
    }

    @Test
    void clockRealtime_onlyForLockPi2AndWaitRequeuePi() {
        long w = guest.alloc(4);
        assertEquals(err(Errno.ENOSYS), futex(w, FUTEX_LOCK_PI | FUTEX_CLOCK_REALTIME, 0, 0, 0, 0));
        assertEquals(err(Errno.ENOSYS), futex(w, FUTEX_UNLOCK_PI | FUTEX_CLOCK_REALTIME, 0, 0, 0, 0));
        assertEquals(0, futex(w, FUTEX_LOCK_PI2 | FUTEX_CLOCK_REALTIME, 0, 0, 0, 0));
    }

    @Test
    void badArguments_EINVALAndEAGAIN() {
        long w = guest.alloc(4);
        long cond = guest.alloc(4);
        assertEquals(err(Errno.EINVAL), futex(w, FUTEX_LOCK_PI, 0, timespec(0, 1_000_000_000), 0, 0));
        assertEquals(err(Errno.EINVAL), futex(w + 2, FUTEX_LOCK_PI, 0, 0, 0, 0));
        assertEquals(err(Errno.EINVAL), futex(cond, FUTEX_WAIT_REQUEUE_PI, 0, 0, cond, 0));
        assertEquals(err(Errno.EINVAL), futex(cond, FUTEX_WAIT_REQUEUE_PI, 0, 0, w + 1, 0));
        assertEquals(err(Errno.EAGAIN), futex(cond, FUTEX_WAIT_REQUEUE_PI, 5, 0, w, 0));
        assertEquals(err(Errno.EINVAL), futex(cond, FUTEX_CMP_REQUEUE_PI, 2, 1, w, 0));
        assertEquals(err(Errno.EINVAL), futex(cond, FUTEX_CMP_REQUEUE_PI, 1, 1, cond, 0));
        assertEquals(err(Errno.EAGAIN), futex(cond, FUTEX_CMP_REQUEUE_PI, 1, 1, w, 9));
        assertEquals(0, futex(cond, FUTEX_CMP_REQUEUE_PI, 1, 1, w, 0));
    }
}
