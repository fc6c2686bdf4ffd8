package dev.zlx.abi;

/**
 * Clock ids of clock_gettime(2) and friends and the TIMER_ABSTIME flag, from linux/time.h, and
 * the CPU-time clock ids that name a process or thread (linux/posix-timers.h): clock_getcpuclockid(3)
 * and pthread_getcpuclockid(3) hand them out as {@code (~pid << 3) | type}, with bit 2 set for a
 * thread; pid 0 means the caller.
 */
public final class Clocks {
    private Clocks() {
    }

    // Clock ids
    /** Wall-clock time. */
    public static final int CLOCK_REALTIME = 0;
    /** Monotonic time, stopped while suspended. */
    public static final int CLOCK_MONOTONIC = 1;
    /** CPU time of the process. */
    public static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    /** CPU time of the thread. */
    public static final int CLOCK_THREAD_CPUTIME_ID = 3;
    /** Monotonic time without NTP adjustment. */
    public static final int CLOCK_MONOTONIC_RAW = 4;
    /** CLOCK_REALTIME_COARSE as the kernel header defines it. */
    public static final int CLOCK_REALTIME_COARSE = 5;
    /** CLOCK_MONOTONIC_COARSE as the kernel header defines it. */
    public static final int CLOCK_MONOTONIC_COARSE = 6;
    /** Monotonic time including suspend. */
    public static final int CLOCK_BOOTTIME = 7;
    /** CLOCK_REALTIME_ALARM as the kernel header defines it. */
    public static final int CLOCK_REALTIME_ALARM = 8;
    /** CLOCK_BOOTTIME_ALARM as the kernel header defines it. */
    public static final int CLOCK_BOOTTIME_ALARM = 9;
    /** International Atomic Time. */
    public static final int CLOCK_TAI = 11;

    // clock_nanosleep and timer_settime flags
    /** The time is absolute, not relative. */
    public static final int TIMER_ABSTIME = 1;

    /** One jiffy as Debian configures Linux (CONFIG_HZ=250): coarse clocks and CPU-time ticks. */
    public static final long TICK_NANOS = 4_000_000;

    // CPU-time clocks made from pids and tids
    /** User and system CPU time (ITIMER_PROF's clock). */
    public static final int CPUCLOCK_PROF = 0;
    /** User CPU time (ITIMER_VIRTUAL's clock). */
    public static final int CPUCLOCK_VIRT = 1;
    /** Scheduler run time in nanoseconds (what CLOCK_PROCESS_CPUTIME_ID reads). */
    public static final int CPUCLOCK_SCHED = 2;
    /** Types at or above this are invalid; 3 in the low bits marks a dynamic (fd) clock. */
    public static final int CPUCLOCK_MAX = 3;
    public static final int CPUCLOCK_CLOCK_MASK = 3;
    public static final int CPUCLOCK_PERTHREAD_MASK = 4;
    /** Low bits of a dynamic clock made from a file descriptor (PTP devices). */
    public static final int CLOCKFD = 3;
    public static final int CLOCKFD_MASK = CPUCLOCK_PERTHREAD_MASK | CPUCLOCK_CLOCK_MASK;

    /** The CPU-time clock of type of process pid (0: the caller's process). */
    public static int processCpuClock(int pid, int type) {
        return (~pid << 3) | type;
    }

    /** The CPU-time clock of type of thread tid (0: the calling thread). */
    public static int threadCpuClock(int tid, int type) {
        return processCpuClock(tid, type) | CPUCLOCK_PERTHREAD_MASK;
    }

    /** What CLOCK_PROCESS_CPUTIME_ID stands for: the caller's process, scheduler time. */
    public static final int PROCESS_CLOCK = processCpuClock(0, CPUCLOCK_SCHED);
    /** What CLOCK_THREAD_CPUTIME_ID stands for: the calling thread, scheduler time. */
    public static final int THREAD_CLOCK = threadCpuClock(0, CPUCLOCK_SCHED);

    /** Whether clock is a CPU-time clock made from a pid or tid (negative, not a dynamic clock). */
    public static boolean isCpuClock(int clock) {
        return clock < 0 && (clock & CLOCKFD_MASK) != CLOCKFD;
    }

    /** The pid or tid a CPU-time clock names (0: the caller). */
    public static int cpuClockPid(int clock) {
        return ~(clock >> 3);
    }

    /** Whether a CPU-time clock names a thread rather than a process. */
    public static boolean cpuClockPerThread(int clock) {
        return (clock & CPUCLOCK_PERTHREAD_MASK) != 0;
    }

    /** The type of a CPU-time clock: CPUCLOCK_PROF, _VIRT, _SCHED, or an invalid 3. */
    public static int cpuClockWhich(int clock) {
        return clock & CPUCLOCK_CLOCK_MASK;
    }
}
