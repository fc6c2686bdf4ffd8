package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;

import dev.zlx.abi.Clocks;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Futex;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Timespec;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.kernel.Futexes;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.RestartNoIntr;
import dev.zlx.syscalls.SyscallRegistry;

/** futex(2): waiting and waking on guest words, and the priority-inheritance locks. */
public final class FutexSyscalls {
    private static final long NANOS = 1_000_000_000L;

    private final CompatReport report;

    public FutexSyscalls(CompatReport report) {
        this.report = report;
    }

    public void register(SyscallRegistry r) {
        r.partial("futex", "shared futexes are private to the process until shared memory lands; the PI "
                + "operations lock as Linux's but inherit no priority (zlx schedules none)", (t, a) -> futex(t, a.ptr(0), a.i32(1), a.i32(2), a.ptr(3), a.ptr(4), a.i32(5)),
                PTR, HEX, INT, PTR, PTR, HEX);
    }

    long futex(Task t, long uaddr, int op, int val, long timeoutOrVal2, long uaddr2, int val3) {
        requireAligned(uaddr);
        int cmd = op & Futex.FUTEX_CMD_MASK;
        boolean realtime = (op & Futex.FUTEX_CLOCK_REALTIME) != 0;
        AddressSpace space = t.process().mm().space();
        Futexes futexes = t.process().kernel().futexes();
        if (realtime && cmd != Futex.FUTEX_WAIT && cmd != Futex.FUTEX_WAIT_BITSET
                && cmd != Futex.FUTEX_WAIT_REQUEUE_PI && cmd != Futex.FUTEX_LOCK_PI2) {
            throw Errno.ENOSYS.exception();
        }
        switch (cmd) {
            case Futex.FUTEX_WAIT -> {
                // FUTEX_WAIT's timeout is relative (on CLOCK_MONOTONIC, or CLOCK_REALTIME if asked).
                int clock = realtime ? Clocks.CLOCK_REALTIME : Clocks.CLOCK_MONOTONIC;
                long deadline = deadline(t, timeoutOrVal2, clock, true);
                restartingToDeadline(t, deadline, () -> futexes.await(space, uaddr, val, Futex.FUTEX_BITSET_MATCH_ANY,
                        deadline, () -> TimeSyscalls.now(t, clock)));
                return 0;
            }
            case Futex.FUTEX_WAIT_BITSET -> {
                int clock = realtime ? Clocks.CLOCK_REALTIME : Clocks.CLOCK_MONOTONIC;
                long deadline = deadline(t, timeoutOrVal2, clock, false);
                restartingToDeadline(t, deadline, () -> futexes.await(space, uaddr, val, val3, deadline,
                        () -> TimeSyscalls.now(t, clock)));
                return 0;
            }
            case Futex.FUTEX_WAKE -> {
                return futexes.wake(space, uaddr, Math.max(val, 0), Futex.FUTEX_BITSET_MATCH_ANY);
            }
            case Futex.FUTEX_WAKE_BITSET -> {
                return futexes.wake(space, uaddr, Math.max(val, 0), val3);
            }
            case Futex.FUTEX_REQUEUE -> {
                return futexes.requeue(space, uaddr, uaddr2, val, (int) timeoutOrVal2, null);
            }
            case Futex.FUTEX_CMP_REQUEUE -> {
                return futexes.requeue(space, uaddr, uaddr2, val, (int) timeoutOrVal2, val3);
            }
            case Futex.FUTEX_WAKE_OP -> {
                return futexes.wakeOp(space, uaddr, uaddr2, val, (int) timeoutOrVal2, val3);
            }
            case Futex.FUTEX_LOCK_PI, Futex.FUTEX_LOCK_PI2 -> {
                // Absolute timeouts: LOCK_PI's on CLOCK_REALTIME, LOCK_PI2's on the clock the flag picks.
                int clock = cmd == Futex.FUTEX_LOCK_PI || realtime ? Clocks.CLOCK_REALTIME : Clocks.CLOCK_MONOTONIC;
                long deadline = deadline(t, timeoutOrVal2, clock, false);
                restartingAfterSignal(() -> futexes.pi().lock(t, space, uaddr, deadline,
                        () -> TimeSyscalls.now(t, clock), false));
                return 0;
            }
            case Futex.FUTEX_TRYLOCK_PI -> {
                futexes.pi().lock(t, space, uaddr, Long.MAX_VALUE, null, true);
                return 0;
            }
            case Futex.FUTEX_UNLOCK_PI -> {
                futexes.pi().unlock(t, space, uaddr);
                return 0;
            }
            case Futex.FUTEX_WAIT_REQUEUE_PI -> {
                int clock = realtime ? Clocks.CLOCK_REALTIME : Clocks.CLOCK_MONOTONIC;
                long deadline = deadline(t, timeoutOrVal2, clock, false);
                requireAligned(uaddr2);
                restartingAfterSignal(() -> futexes.pi().waitRequeuePi(t, space, uaddr, val, deadline,
                        () -> TimeSyscalls.now(t, clock), uaddr2));
                return 0;
            }
            case Futex.FUTEX_CMP_REQUEUE_PI -> {
                requireAligned(uaddr2);
                return futexes.pi().cmpRequeue(space, uaddr, uaddr2, val, (int) timeoutOrVal2, val3);
            }
            default -> {
                report.missingFeature("futex", "operation " + cmd);
                throw Errno.ENOSYS.exception();
            }
        }
    }

    private static void requireAligned(long uaddr) {
        if ((uaddr & 3) != 0) {
            throw Errno.EINVAL.exception();
        }
    }

    /**
     * Runs a wait; one with a timeout that gets interrupted leaves a restart block (Linux's
     * futex_wait_restart): after a job-control stop it goes on to the same deadline through
     * restart_syscall, after a handler it fails with EINTR whatever SA_RESTART says. A wait
     * without a timeout restarts with its arguments (or with SA_RESTART).
     */
    private static void restartingToDeadline(Task t, long deadline, Runnable wait) {
        try {
            wait.run();
        } catch (LinuxException e) {
            if (e.errno() == Errno.EINTR && deadline != Long.MAX_VALUE) {
                t.setRestartBlock(task -> {
                    restartingToDeadline(task, deadline, wait);
                    return 0;
                });
            }
            throw e;
        }
    }

    /**
     * Runs a PI wait that Linux restarts when a signal interrupts it (-ERESTARTNOINTR): the
     * signal's handler runs and the call starts again, whatever SA_RESTART says.
     */
    private static void restartingAfterSignal(Runnable wait) {
        try {
            wait.run();
        } catch (LinuxException e) {
            if (e.errno() == Errno.EINTR) {
                throw RestartNoIntr.INSTANCE;
            }
            throw e;
        }
    }

    /** The wait deadline in the clock's nanoseconds, Long.MAX_VALUE for no timeout. */
    private static long deadline(Task t, long timeout, int clock, boolean relative) {
        if (timeout == 0) {
            return Long.MAX_VALUE;
        }
        Timespec ts = Timespec.read(UserMemory.read(t.process().mm().space(), timeout, Timespec.SIZE), 0);
        if (ts.sec() < 0 || ts.nsec() < 0 || ts.nsec() >= NANOS) {
            throw Errno.EINVAL.exception();
        }
        long nanos = Math.multiplyHigh(ts.sec(), NANOS) != 0 ? Long.MAX_VALUE / 2 : ts.sec() * NANOS + ts.nsec();
        return relative ? TimeSyscalls.now(t, clock) + nanos : nanos;
    }
}
