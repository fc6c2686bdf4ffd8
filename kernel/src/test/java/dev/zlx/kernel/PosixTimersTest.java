package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Clocks;
import dev.zlx.abi.Errno;
import dev.zlx.abi.KernelSigaction;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Siginfo;
import dev.zlx.abi.Signals;
import dev.zlx.kernel.mm.Mm;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class PosixTimersTest {
    private static final long MS = 1_000_000L;
    private static final long HANDLER = 0x401000;

    @TempDir
    Path root;
    private GuestFixture guest;
    private Task task;
    private PosixTimers timers;

    @BeforeEach
    void setUp() {
        guest = GuestFixture.create(root, Arch.X86_64);
        task = guest.task();
        timers = PosixTimers.of(guest.process());
        guest.process().setAction(Signals.SIGALRM, new KernelSigaction(HANDLER, 0, 0, 0));
        guest.process().setAction(Signals.SIGUSR1, new KernelSigaction(HANDLER, 0, 0, 0));
    }

    @AfterEach
    void tearDown() {
        timers.deleteAll();
        guest.close();
    }

    /** Waits (generously: no timing is asserted) until condition holds. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 20_000 * MS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out");
            Thread.sleep(1);
        }
    }

    private boolean pending(Task t, int sig) {
        return (t.pending() & Signals.maskBit(sig)) != 0;
    }

    private static Errno errno(Executable e) {
        return assertThrows(LinuxException.class, e).errno();
    }

    @Test
    void create_idsAreSmallAndNotReusedAtOnce() {
        assertEquals(0, timers.create(Clocks.CLOCK_MONOTONIC, null));
        assertEquals(1, timers.create(Clocks.CLOCK_REALTIME, null));
        timers.delete(0);
        assertEquals(2, timers.create(Clocks.CLOCK_BOOTTIME, null));
        assertEquals(List.of(1, 2), timers.ids());
    }

    @Test
    void create_clocksWithoutTimers_EINVAL() {
        assertEquals(Errno.EINVAL, errno(() -> timers.create(Clocks.CLOCK_PROCESS_CPUTIME_ID, null)));
        assertEquals(Errno.EINVAL, errno(() -> timers.create(Clocks.CLOCK_THREAD_CPUTIME_ID, null)));
        assertEquals(Errno.EINVAL, errno(() -> timers.create(Clocks.CLOCK_MONOTONIC_RAW, null)));
        assertEquals(Errno.EINVAL, errno(() -> timers.create(99, null)));
    }

    @Test
    void unknownIds_EINVAL() {
        assertEquals(Errno.EINVAL, errno(() -> timers.get(7)));
        assertEquals(Errno.EINVAL, errno(() -> timers.set(7, false, MS, 0)));
        assertEquals(Errno.EINVAL, errno(() -> timers.overrun(7)));
        int id = timers.create(Clocks.CLOCK_MONOTONIC, null);
        timers.delete(id);
        assertEquals(Errno.EINVAL, errno(() -> timers.delete(id)));
    }

    @Test
    void set_returnsTheOldSettingAndGetCountsDown() {
        int id = timers.create(Clocks.CLOCK_MONOTONIC, null);
        assertEquals(new PosixTimers.Setting(0, 0), timers.set(id, false, 100_000 * MS, 5_000 * MS));
        PosixTimers.Setting now = timers.get(id);
        assertTrue(now.value() > 0 && now.value() <= 100_000 * MS, now.toString());
        assertEquals(5_000 * MS, now.interval());
        PosixTimers.Setting old = timers.set(id, false, 0, 5_000 * MS);
        assertEquals(5_000 * MS, old.interval());
        assertEquals(new PosixTimers.Setting(0, 0), timers.get(id));
    }

    @Test
    void expiry_defaultNotification_sendsSigalrmWithTheTimerIdAsValue() throws InterruptedException {
        timers.create(Clocks.CLOCK_MONOTONIC, null);
        int id = timers.create(Clocks.CLOCK_MONOTONIC, null);
        timers.set(id, false, MS, 0);
        await(() -> pending(task, Signals.SIGALRM));
        Siginfo info = task.dequeue(0);
        assertEquals(Siginfo.timer(Signals.SIGALRM, id, 0, id), info);
        assertEquals(Siginfo.SI_TIMER, info.code());
        assertEquals(new PosixTimers.Setting(0, 0), timers.get(id));
    }

    @Test
    void expiry_absoluteRealtimeInThePast_firesAtOnce() {
        int id = timers.create(Clocks.CLOCK_REALTIME, new PosixTimers.Notification(Signals.SIGUSR1, 42, null));
        timers.set(id, true, guest.kernel().realtimeNanos() - 1000 * MS, 0);
        assertTrue(pending(task, Signals.SIGUSR1));
        assertEquals(42, task.dequeue(0).value());
    }

    @Test
    void expiry_sigevNone_sendsNothing() throws InterruptedException {
        int id = timers.create(Clocks.CLOCK_MONOTONIC, PosixTimers.Notification.NONE);
        timers.set(id, false, MS, 0);
        await(() -> timers.get(id).value() == 0);
        assertEquals(0, task.pending());
    }

    @Test
    void expiry_threadNotification_queuesOnThatThread() throws InterruptedException {
        int id = timers.create(Clocks.CLOCK_MONOTONIC, new PosixTimers.Notification(Signals.SIGUSR1, 7, task));
        timers.set(id, false, MS, 0);
        await(() -> pending(task, Signals.SIGUSR1));
        assertEquals(Siginfo.timer(Signals.SIGUSR1, id, 0, 7), task.dequeue(0));
    }

    @Test
    void overrun_periodsMissedWhileSignalPending_areCountedOnceItIsTaken() {
        task.setSignalMask(Signals.maskBit(Signals.SIGUSR1));
        int id = timers.create(Clocks.CLOCK_MONOTONIC, new PosixTimers.Notification(Signals.SIGUSR1, 0, null));
        // Periodic every 1 ms from a start 1 s ago: about 1000 periods went by unseen.
        timers.set(id, true, guest.kernel().monotonicNanos() - 1000 * MS, MS);
        assertTrue(pending(task, Signals.SIGUSR1));
        assertEquals(0, timers.overrun(id), "the signal is still pending");
        Siginfo info = task.dequeue(0);
        assertTrue(info.uid() >= 999, "si_overrun " + info.uid());
        assertTrue(timers.overrun(id) >= 999, "timer_getoverrun " + timers.overrun(id));
        PosixTimers.Setting s = timers.get(id);
        assertTrue(s.value() > 0 && s.value() <= MS, s.toString());
    }

    @Test
    void exec_deletesTheTimers() {
        int id = timers.create(Clocks.CLOCK_MONOTONIC, null);
        timers.set(id, false, 100_000 * MS, 0);
        Mm fresh = new Mm(guest.space(), GuestFixture.TASK_SIZE);
        guest.process().replaceImage(fresh, Arch.X86_64, guest.process().image());
        assertEquals(List.of(), timers.ids());
        assertEquals(Errno.EINVAL, errno(() -> timers.get(id)));
    }

    @Test
    void cpuTimer_firesOnTheThreadsCpuTime() throws InterruptedException {
        task.bindHostThread();
        CpuClock clock = CpuClock.resolve(task, Clocks.CLOCK_THREAD_CPUTIME_ID, false);
        int id = timers.create(Clocks.CLOCK_THREAD_CPUTIME_ID, clock, new PosixTimers.Notification(Signals.SIGUSR1, 3, null));
        timers.set(id, false, 2 * MS, 0);
        long end = System.nanoTime() + 20_000 * MS;
        while (!pending(task, Signals.SIGUSR1)) {
            assertTrue(System.nanoTime() < end, "timed out"); // burns the CPU time the timer waits for
        }
        assertEquals(Siginfo.timer(Signals.SIGUSR1, id, 0, 3), task.dequeue(0));
        assertEquals(new PosixTimers.Setting(0, 0), timers.get(id));
    }

    @Test
    void cpuTimer_absoluteInThePast_firesAtOnce() {
        task.bindHostThread();
        CpuClock clock = CpuClock.resolve(task, Clocks.CLOCK_PROCESS_CPUTIME_ID, false);
        int id = timers.create(Clocks.CLOCK_PROCESS_CPUTIME_ID, clock, new PosixTimers.Notification(Signals.SIGUSR1, 4, null));
        timers.set(id, true, 1, 0);
        assertTrue(pending(task, Signals.SIGUSR1));
    }

    @Test
    void cpuTimer_ofAnEndedThread_readsZeroAndCannotBeSet() {
        Task sibling = new Task(task.tid() + 1, guest.process());
        guest.process().addTask(sibling);
        CpuClock clock = CpuClock.resolve(task, Clocks.threadCpuClock(sibling.tid(), Clocks.CPUCLOCK_SCHED), false);
        int id = timers.create(-1, clock, PosixTimers.Notification.NONE);
        timers.set(id, false, 1000 * MS, 10 * MS);
        guest.process().retireTask(sibling);
        assertEquals(new PosixTimers.Setting(0, 0), timers.get(id));
        assertEquals(Errno.ESRCH, errno(() -> timers.set(id, false, MS, 0)));
    }
}
