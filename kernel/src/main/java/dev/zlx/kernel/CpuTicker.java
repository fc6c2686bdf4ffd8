package dev.zlx.kernel;

import dev.zlx.abi.Clocks;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tick that CPU-time timers expire on. Linux checks them from the scheduler tick of the
 * thread that uses the CPU; zlx has no tick in the guest's path, so one kernel thread samples the
 * CPU clocks of the armed timers every jiffy, and only while some timer is armed: guest code and
 * syscalls pay nothing for it. Expiry is therefore seen within about a jiffy, as on Linux.
 */
final class CpuTicker {
    /** Something with CPU-time timers that may be armed. */
    interface Armed {
        /** Fires what expired; returns whether anything is still armed. */
        boolean tick();

        /** Whether anything is armed (re-checked after the ticker dropped it, so none is lost). */
        boolean armed();
    }

    private static final Set<Armed> WATCHED = ConcurrentHashMap.newKeySet();
    private static final Object WAKE = new Object();
    private static Thread thread; // guarded by WAKE

    private CpuTicker() {
    }

    /** Starts ticking for a; call it after arming a timer of a. */
    static void watch(Armed a) {
        if (WATCHED.add(a)) {
            synchronized (WAKE) {
                if (thread == null) {
                    thread = Thread.ofPlatform().name("zlx-cpu-timers").daemon(true).start(CpuTicker::loop);
                }
                WAKE.notifyAll();
            }
        }
    }

    private static void loop() {
        while (true) {
            synchronized (WAKE) {
                while (WATCHED.isEmpty()) {
                    try {
                        WAKE.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            try {
                Thread.sleep(Clocks.TICK_NANOS / 1_000_000);
            } catch (InterruptedException e) {
                return;
            }
            for (Armed a : WATCHED) {
                boolean still;
                try {
                    still = a.tick();
                } catch (RuntimeException e) {
                    still = false; // a process torn down under the tick: nothing left to fire
                }
                if (!still) {
                    WATCHED.remove(a);
                    if (a.armed()) {
                        WATCHED.add(a);
                    }
                }
            }
        }
    }
}
