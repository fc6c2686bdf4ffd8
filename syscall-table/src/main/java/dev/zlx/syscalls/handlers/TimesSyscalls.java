package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;

import dev.zlx.abi.Errno;
import dev.zlx.kernel.CpuTime;
import dev.zlx.kernel.ReapedTimes;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * CPU time accounting: times(2) and getrusage(2). A process's time is that of its ended threads
 * plus its live ones' (see {@link CpuTime}); children's time is that of the reaped ones.
 */
public final class TimesSyscalls {
    /** USER_HZ: the clock ticks of times(2) and /proc. */
    static final long TICK_NANOS = 10_000_000L;
    static final int RUSAGE_SELF = 0;
    static final int RUSAGE_CHILDREN = -1;
    static final int RUSAGE_THREAD = 1;
    /** sizeof(struct rusage): ru_utime and ru_stime timevals, then 14 longs. */
    static final int RUSAGE_SIZE = 144;
    /** sizeof(struct tms): tms_utime, tms_stime, tms_cutime, tms_cstime as clock_t. */
    static final int TMS_SIZE = 32;

    public void register(SyscallRegistry r) {
        r.full("times", (t, a) -> times(t, a.ptr(0)), PTR);
        r.partial("getrusage", "ru_maxrss and the fault, block I/O, message, signal and context switch counts "
                + "are 0", (t, a) -> getrusage(t, a.i32(0), a.ptr(1)), INT, PTR);
    }

    static long times(Task t, long buf) {
        if (buf != 0) {
            CpuTime self = CpuTime.of(t.process());
            ReapedTimes.Times children = ReapedTimes.of(t.process());
            ByteBuffer b = ByteBuffer.allocate(TMS_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(0, self.userNanos() / TICK_NANOS);
            b.putLong(8, self.systemNanos() / TICK_NANOS);
            b.putLong(16, children.userNanos() / TICK_NANOS);
            b.putLong(24, Math.max(0, children.cpuNanos() - children.userNanos()) / TICK_NANOS);
            UserMemory.write(t.process().mm().space(), buf, b.array());
        }
        return t.process().kernel().monotonicNanos() / TICK_NANOS;
    }

    static long getrusage(Task t, int who, long buf) {
        CpuTime time = switch (who) {
            case RUSAGE_SELF -> CpuTime.of(t.process());
            case RUSAGE_CHILDREN -> {
                ReapedTimes.Times c = ReapedTimes.of(t.process());
                yield new CpuTime(c.userNanos(), c.cpuNanos());
            }
            case RUSAGE_THREAD -> CpuTime.of(t);
            default -> throw Errno.EINVAL.exception();
        };
        ByteBuffer b = ByteBuffer.allocate(RUSAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        putTimeval(b, 0, time.userNanos());
        putTimeval(b, 16, time.systemNanos());
        // The rest stays 0: zlx sees neither the host's page faults nor its resident pages
        // (ru_maxrss) nor its context switches and block I/O per guest thread, and Linux itself
        // leaves the message and signal counts 0.
        UserMemory.write(t.process().mm().space(), buf, b.array());
        return 0;
    }

    private static void putTimeval(ByteBuffer b, int off, long nanos) {
        b.putLong(off, nanos / 1_000_000_000L).putLong(off + 8, nanos / 1000 % 1_000_000);
    }
}
