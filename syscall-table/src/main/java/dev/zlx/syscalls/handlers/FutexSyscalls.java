package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;

import dev.zlx.abi.Clocks;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Futex;
import dev.zlx.abi.Timespec;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.kernel.Futexes;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.SyscallRegistry;

/** futex(2): waiting and waking on guest words. */
public final class FutexSyscalls {
    private static final long NANOS = 1_000_000_000L;

    private final CompatReport report;

    public FutexSyscalls(CompatReport report) {
        this.report = report;
    }

    public void register(SyscallRegistry r) {
        r.partial("futex", "the PI operations return ENOSYS; shared futexes are private to the process until "
                + "shared memory lands", (t, a) -> futex(t, a.ptr(0), a.i32(1), a.i32(2), a.ptr(3), a.ptr(4), a.i32(5)),
                PTR, HEX, INT, PTR, PTR, HEX);
    }

    long futex(Task t, long uaddr, int op, int val, long timeoutOrVal2, long uaddr2, int val3) {
        if ((uaddr & 3) != 0) {
            throw Errno.EINVAL.exception();
        }
        int cmd = op & Futex.FUTEX_CMD_MASK;
        boolean realtime = (op & Futex.FUTEX_CLOCK_REALTIME) != 0;
        AddressSpace space = t.process().mm().space();
        Futexes futexes = t.process().kernel().futexes();
        if (realtime && cmd != Futex.FUTEX_WAIT && cmd != Futex.FUTEX_WAIT_BITSET) {
            throw Errno.ENOSYS.exception();
        }
        switch (cmd) {
            case Futex.FUTEX_WAIT -> {
                // FUTEX_WAIT's timeout is relative (on CLOCK_MONOTONIC, or CLOCK_REALTIME if asked).
                int clock = realtime ? Clocks.CLOCK_REALTIME : Clocks.CLOCK_MONOTONIC;
                long deadline = deadline(t, timeoutOrVal2, clock, true);
                futexes.await(space, uaddr, val, Futex.FUTEX_BITSET_MATCH_ANY, deadline, () -> TimeSyscalls.now(t, clock));
                return 0;
            }
            case Futex.FUTEX_WAIT_BITSET -> {
                int clock = realtime ? Clocks.CLOCK_REALTIME : Clocks.CLOCK_MONOTONIC;
                long deadline = deadline(t, timeoutOrVal2, clock, false);
                futexes.await(space, uaddr, val, val3, deadline, () -> TimeSyscalls.now(t, clock));
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
            default -> {
                report.missingFeature("futex", "operation " + cmd);
                throw Errno.ENOSYS.exception();
            }
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
