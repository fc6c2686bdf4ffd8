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
}
