package dev.zlx.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The CPU-time clock ids of clock_getcpuclockid(3) and pthread_getcpuclockid(3). */
class CpuClockIdTest {

    @Test
    void processClock_isWhatGlibcAndMuslComputeForAPid() {
        // glibc: MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED); musl: (-pid-1)*8U + 2.
        assertEquals((-1234 - 1) * 8 + 2, Clocks.processCpuClock(1234, Clocks.CPUCLOCK_SCHED));
        assertEquals(-9878, Clocks.processCpuClock(1234, Clocks.CPUCLOCK_SCHED));
        // musl's pthread_getcpuclockid: (-tid-1)*8U + 6.
        assertEquals((-77 - 1) * 8 + 6, Clocks.threadCpuClock(77, Clocks.CPUCLOCK_SCHED));
    }

    @Test
    void theCallersClocks_areWhatClockProcessAndThreadCputimeStandFor() {
        assertEquals(-6, Clocks.PROCESS_CLOCK);
        assertEquals(-2, Clocks.THREAD_CLOCK);
        assertEquals(0, Clocks.cpuClockPid(Clocks.PROCESS_CLOCK));
        assertTrue(Clocks.cpuClockPerThread(Clocks.THREAD_CLOCK));
    }

    @Test
    void decoding_givesBackPidTypeAndThreadBit() {
        for (int pid : new int[] {1, 2, 4_194_304, Integer.MAX_VALUE >> 3}) {
            for (int type = 0; type < Clocks.CPUCLOCK_MAX; type++) {
                int p = Clocks.processCpuClock(pid, type);
                int t = Clocks.threadCpuClock(pid, type);
                assertTrue(Clocks.isCpuClock(p) && Clocks.isCpuClock(t));
                assertEquals(pid, Clocks.cpuClockPid(p));
                assertEquals(pid, Clocks.cpuClockPid(t));
                assertEquals(type, Clocks.cpuClockWhich(p));
                assertEquals(type, Clocks.cpuClockWhich(t));
                assertFalse(Clocks.cpuClockPerThread(p));
                assertTrue(Clocks.cpuClockPerThread(t));
            }
        }
    }

    @Test
    void dynamicClocksAndPositiveIds_areNotCpuClocks() {
        // A PTP clock from fd 3: FD_TO_CLOCKID(fd) = (~fd << 3) | CLOCKFD.
        assertFalse(Clocks.isCpuClock((~3 << 3) | Clocks.CLOCKFD));
        assertFalse(Clocks.isCpuClock(Clocks.CLOCK_PROCESS_CPUTIME_ID));
        assertFalse(Clocks.isCpuClock(Clocks.CLOCK_MONOTONIC));
        // Type 3 with the thread bit is not a dynamic clock but an invalid CPU clock.
        int invalid = Clocks.threadCpuClock(5, 3);
        assertTrue(Clocks.isCpuClock(invalid));
        assertEquals(Clocks.CPUCLOCK_MAX, Clocks.cpuClockWhich(invalid));
    }
}
