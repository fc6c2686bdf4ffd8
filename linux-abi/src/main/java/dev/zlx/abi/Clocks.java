package dev.zlx.abi;

/**
 * Clock ids of clock_gettime(2) and friends and the TIMER_ABSTIME flag, from linux/time.h.
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

}
