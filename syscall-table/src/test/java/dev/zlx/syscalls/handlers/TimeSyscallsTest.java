package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Clocks;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Timespec;
import org.junit.jupiter.api.Test;

class TimeSyscallsTest extends HandlerTestBase {
    private Timespec clock(int id) {
        long ts = guest.alloc(Timespec.SIZE);
        assertEquals(0, sys("clock_gettime", id, ts));
        Timespec t = Timespec.read(guest.read(ts, Timespec.SIZE), 0);
        assertTrue(t.sec() >= 0 && t.nsec() >= 0 && t.nsec() < 1_000_000_000L, t.toString());
        return t;
    }

    private static long nanos(Timespec t) {
        return t.sec() * 1_000_000_000L + t.nsec();
    }

    @Test
    void clockGettime_monotonic_neverGoesBack() {
        long previous = nanos(clock(Clocks.CLOCK_MONOTONIC));
        for (int i = 0; i < 100; i++) {
            long now = nanos(clock(Clocks.CLOCK_MONOTONIC));
            assertTrue(now >= previous, now + " < " + previous);
            previous = now;
        }
    }

    @Test
    void clockGettime_realtime_isAfter2020() {
        assertTrue(clock(Clocks.CLOCK_REALTIME).sec() > 1_577_836_800L);
    }

    @Test
    void clockGettime_unknownClock_EINVAL() {
        assertEquals(err(Errno.EINVAL), sys("clock_gettime", 99, guest.alloc(Timespec.SIZE)));
    }

    @Test
    void clockGettime_badPointer_EFAULT() {
        assertEquals(err(Errno.EFAULT), sys("clock_gettime", Clocks.CLOCK_MONOTONIC, 0));
    }

    @Test
    void clockGetres_coarseClockTicks() {
        long res = guest.alloc(Timespec.SIZE);
        assertEquals(0, sys("clock_getres", Clocks.CLOCK_MONOTONIC, res));
        assertEquals(new Timespec(0, 1), Timespec.read(guest.read(res, Timespec.SIZE), 0));
    }

    @Test
    void nanosleep_invalidNanoseconds_EINVAL() {
        long req = guest.put(new Timespec(0, 1_000_000_000L).encode());
        assertEquals(err(Errno.EINVAL), sys("nanosleep", req, 0));
    }

    private Timespec res(int clock) {
        long res = guest.alloc(Timespec.SIZE);
        assertEquals(0, sys("clock_getres", clock, res));
        return Timespec.read(guest.read(res, Timespec.SIZE), 0);
    }

    @Test
    void clockGetres_cpuClocks_aJiffyForProfAndVirt_1nsForSched() {
        int pid = guest.process().pid();
        assertEquals(new Timespec(0, 1), res(Clocks.CLOCK_PROCESS_CPUTIME_ID));
        assertEquals(new Timespec(0, 1), res(Clocks.processCpuClock(pid, Clocks.CPUCLOCK_SCHED)));
        assertEquals(new Timespec(0, Clocks.TICK_NANOS), res(Clocks.processCpuClock(pid, Clocks.CPUCLOCK_PROF)));
        assertEquals(new Timespec(0, Clocks.TICK_NANOS), res(Clocks.threadCpuClock(0, Clocks.CPUCLOCK_VIRT)));
        assertEquals(0, sys("clock_getres", Clocks.processCpuClock(pid, Clocks.CPUCLOCK_SCHED), 0));
    }

    @Test
    void cpuClocks_badTypeOrUnknownPid_EINVAL() {
        long ts = guest.alloc(Timespec.SIZE);
        assertEquals(err(Errno.EINVAL), sys("clock_gettime", Clocks.processCpuClock(guest.process().pid(), 3), ts));
        assertEquals(err(Errno.EINVAL), sys("clock_gettime", Clocks.processCpuClock(99_999, 2), ts));
        assertEquals(err(Errno.EINVAL), sys("clock_getres", Clocks.threadCpuClock(99_999, 2), ts));
        // A clock made from a file descriptor (no PTP clocks in zlx).
        assertEquals(err(Errno.EINVAL), sys("clock_gettime", (~3 << 3) | Clocks.CLOCKFD, ts));
        clock(Clocks.processCpuClock(guest.process().pid(), Clocks.CPUCLOCK_VIRT));
    }

    @Test
    void clockNanosleep_clocksWithoutSleep_EOPNOTSUPP() {
        long req = guest.put(new Timespec(0, 1).encode());
        for (int clock : new int[] {Clocks.CLOCK_THREAD_CPUTIME_ID, Clocks.CLOCK_MONOTONIC_RAW,
                Clocks.CLOCK_REALTIME_COARSE, Clocks.CLOCK_MONOTONIC_COARSE, (~3 << 3) | Clocks.CLOCKFD}) {
            assertEquals(err(Errno.EOPNOTSUPP), sys("clock_nanosleep", clock, 0, req, 0), "clock " + clock);
        }
        // Checked before the request is read.
        assertEquals(err(Errno.EOPNOTSUPP), sys("clock_nanosleep", Clocks.CLOCK_THREAD_CPUTIME_ID, 0, 0, 0));
        assertEquals(err(Errno.EINVAL), sys("clock_nanosleep", 10, 0, req, 0));
    }

    @Test
    void clockNanosleep_ownThreadClock_EINVAL_afterTheRequestIsRead() {
        long req = guest.put(new Timespec(0, 1).encode());
        assertEquals(err(Errno.EINVAL), sys("clock_nanosleep", Clocks.THREAD_CLOCK, 0, req, 0));
        assertEquals(err(Errno.EINVAL), sys("clock_nanosleep",
                Clocks.threadCpuClock(guest.task().tid(), Clocks.CPUCLOCK_SCHED), 0, req, 0));
        assertEquals(err(Errno.EFAULT), sys("clock_nanosleep", Clocks.THREAD_CLOCK, 0, 0, 0));
    }

    @Test
    void clockNanosleep_processClockInThePast_returnsAtOnce_andUnknownFlagsAreIgnored() {
        long req = guest.put(new Timespec(0, 0).encode());
        assertEquals(0, sys("clock_nanosleep", Clocks.CLOCK_PROCESS_CPUTIME_ID, Clocks.TIMER_ABSTIME, req, 0));
        assertEquals(0, sys("clock_nanosleep", Clocks.CLOCK_MONOTONIC, 2, req, 0));
    }
}
