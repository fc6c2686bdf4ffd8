package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Clocks;
import dev.zlx.abi.KernelSigaction;
import dev.zlx.abi.Siginfo;
import dev.zlx.abi.Signals;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ITIMER_VIRTUAL and ITIMER_PROF: set_cpu_itimer/get_cpu_itimer arithmetic and expiry on CPU time. */
class CpuItimersTest {
    private static final long MS = 1_000_000L;
    private static final long TICK = Clocks.TICK_NANOS;

    @TempDir
    Path root;
    private GuestFixture guest;
    private CpuItimers itimers;

    @BeforeEach
    void setUp() {
        guest = GuestFixture.create(root, Arch.X86_64);
        // The test thread plays the guest thread: its CPU time is the process's.
        guest.task().bindHostThread();
        itimers = guest.process().cpuItimers();
        guest.process().setAction(Signals.SIGPROF, new KernelSigaction(0x401000, 0, 0, 0));
    }

    @AfterEach
    void tearDown() {
        itimers.cancel();
        guest.close();
    }

    @Test
    void expiry_isAJiffyLaterThanAsked() {
        assertEquals(1000 * MS + TICK + 5, CpuItimers.expiry(1000 * MS, 5));
        assertEquals(Long.MAX_VALUE, CpuItimers.expiry(Long.MAX_VALUE, 5));
    }

    @Test
    void remaining_ofADueTimer_isAJiffy() {
        assertEquals(30, CpuItimers.remaining(100, 70));
        assertEquals(0, CpuItimers.remaining(100, 100));
        assertEquals(TICK, CpuItimers.remaining(100, 101));
    }

    @Test
    void next_addsOneIncrementOrDisarms() {
        assertEquals(110, CpuItimers.next(100, 10));
        assertEquals(0, CpuItimers.next(100, 0));
        assertEquals(Long.MAX_VALUE, CpuItimers.next(Long.MAX_VALUE - 1, 10));
    }

    @Test
    void set_reportsTheOldSettingAndGetCountsDown() {
        assertEquals(new CpuItimers.Setting(0, 0), itimers.set(Clocks.CPUCLOCK_PROF, 2000 * MS, 7 * MS));
        CpuItimers.Setting now = itimers.get(Clocks.CPUCLOCK_PROF);
        assertTrue(now.value() > 1900 * MS && now.value() <= 2000 * MS + TICK, now.toString());
        assertEquals(7 * MS, now.interval());
        CpuItimers.Setting old = itimers.set(Clocks.CPUCLOCK_PROF, 0, 0);
        assertTrue(old.value() > 1900 * MS && old.value() <= 2000 * MS + TICK, old.toString());
        assertEquals(7 * MS, old.interval());
        assertEquals(new CpuItimers.Setting(0, 0), itimers.get(Clocks.CPUCLOCK_PROF));
    }

    @Test
    void disarmedTimer_keepsItsInterval() {
        itimers.set(Clocks.CPUCLOCK_VIRT, 0, 1000 * MS);
        assertEquals(new CpuItimers.Setting(0, 1000 * MS), itimers.get(Clocks.CPUCLOCK_VIRT));
        assertTrue(!itimers.armed());
    }

    @Test
    void prof_firesSigprofOnCpuTimeAndRearms() throws InterruptedException {
        itimers.set(Clocks.CPUCLOCK_PROF, MS, 5 * MS);
        Task task = guest.task();
        long end = System.nanoTime() + 20_000 * MS;
        long spin = 0;
        while ((task.pending() & Signals.maskBit(Signals.SIGPROF)) == 0) {
            assertTrue(System.nanoTime() < end, "no SIGPROF");
            spin++; // CPU time passes here; the ticker sees it
        }
        Siginfo info = task.dequeue(0);
        assertEquals(Signals.SIGPROF, info.signo());
        assertEquals(Siginfo.SI_KERNEL, info.code());
        CpuItimers.Setting after = itimers.get(Clocks.CPUCLOCK_PROF);
        assertTrue(after.value() > 0 && after.value() <= 5 * MS + TICK, after + " after " + spin);
        assertTrue(itimers.armed());
    }

    @Test
    void processCpuTime_countsALiveTaskAndThenItsRecordedTimeOnce() throws Exception {
        Process p = guest.process();
        Task other = new Task(4242, p);
        p.addTask(other);
        java.util.concurrent.CountDownLatch burned = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch retire = new java.util.concurrent.CountDownLatch(1);
        Thread host = Thread.ofPlatform().start(() -> {
            other.bindHostThread();
            long end = System.nanoTime() + 20_000 * MS;
            while (CpuTime.of(other).totalNanos() < 30 * MS && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            burned.countDown();
            try {
                retire.await();
            } catch (InterruptedException e) {
                return;
            }
            p.retireTask(other);
        });
        burned.await();
        long mine = CpuTime.of(guest.task()).totalNanos();
        long live = CpuTime.of(p).totalNanos();
        assertTrue(live - mine >= 30 * MS, live + " " + mine);
        retire.countDown();
        host.join();
        long otherLive = live - mine;
        long otherRecorded = CpuTime.of(p).totalNanos() - CpuTime.of(guest.task()).totalNanos();
        // Once, not twice: the other task waited without using CPU between the two readings.
        assertTrue(otherRecorded > otherLive - 5 * MS && otherRecorded < otherLive + 20 * MS,
                otherRecorded + " " + otherLive);
        assertEquals(1, p.tasks().size());
    }
}
