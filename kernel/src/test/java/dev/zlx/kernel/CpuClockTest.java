package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Clocks;
import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Signals;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Which process or thread a CPU-time clock id names, by Linux's pid_for_clock rules. */
class CpuClockTest {
    @TempDir
    Path root;
    private GuestFixture guest;
    private Task task;
    private Process process;
    /** A second thread of the process. */
    private Task sibling;
    /** Another process, a child of the first. */
    private Process other;

    @BeforeEach
    void setUp() {
        guest = GuestFixture.create(root, Arch.X86_64);
        task = guest.task();
        process = guest.process();
        sibling = new Task(process.pid() + 100, process);
        process.addTask(sibling);
        other = new Process(guest.kernel(), process.pid() + 200, process.pid(), Signals.SIGCHLD, new FdTable(),
                process.fs(), new Rlimits(), process.credentials());
        other.addTask(new Task(other.pid(), other));
        guest.kernel().register(other);
    }

    @AfterEach
    void tearDown() {
        guest.close();
    }

    private static Errno errno(Executable e) {
        return assertThrows(LinuxException.class, e).errno();
    }

    @Test
    void processAndThreadCputimeIds_nameTheCaller() {
        CpuClock p = CpuClock.resolve(task, Clocks.CLOCK_PROCESS_CPUTIME_ID, false);
        assertEquals(new CpuClock(process, null, Clocks.CPUCLOCK_SCHED), p);
        CpuClock t = CpuClock.resolve(sibling, Clocks.CLOCK_THREAD_CPUTIME_ID, false);
        assertEquals(new CpuClock(process, sibling, Clocks.CPUCLOCK_SCHED), t);
        assertEquals(1, p.resolution());
    }

    @Test
    void pidClock_namesAnyProcess() {
        CpuClock c = CpuClock.resolve(task, Clocks.processCpuClock(other.pid(), Clocks.CPUCLOCK_VIRT), false);
        assertSame(other, c.process());
        assertNull(c.thread());
        assertEquals(Clocks.TICK_NANOS, c.resolution());
        assertTrue(c.exists());
    }

    @Test
    void threadClock_onlyForThreadsOfTheCallersProcess() {
        CpuClock c = CpuClock.resolve(task, Clocks.threadCpuClock(sibling.tid(), Clocks.CPUCLOCK_PROF), false);
        assertSame(sibling, c.thread());
        assertEquals(Errno.EINVAL,
                errno(() -> CpuClock.resolve(task, Clocks.threadCpuClock(other.pid(), Clocks.CPUCLOCK_SCHED), true)));
    }

    @Test
    void tidAsProcessClock_onlyTheCallersOwnAndOnlyForGettime() {
        int ownTid = Clocks.processCpuClock(sibling.tid(), Clocks.CPUCLOCK_SCHED);
        assertSame(process, CpuClock.resolve(sibling, ownTid, true).process());
        assertEquals(Errno.EINVAL, errno(() -> CpuClock.resolve(sibling, ownTid, false)));
        assertEquals(Errno.EINVAL, errno(() -> CpuClock.resolve(task, ownTid, true)));
    }

    @Test
    void invalidTypesAndUnknownPids_EINVAL() {
        assertEquals(Errno.EINVAL, errno(() -> CpuClock.resolve(task, Clocks.processCpuClock(process.pid(), 3), true)));
        assertEquals(Errno.EINVAL, errno(() -> CpuClock.resolve(task, Clocks.threadCpuClock(task.tid(), 3), true)));
        assertEquals(Errno.EINVAL, errno(() -> CpuClock.resolve(task, Clocks.processCpuClock(99_999, 2), true)));
        assertEquals(Errno.EINVAL, errno(() -> CpuClock.resolve(task, Clocks.threadCpuClock(99_999, 2), true)));
        assertEquals(Errno.EINVAL, errno(() -> CpuClock.resolve(task, Clocks.CLOCK_MONOTONIC, true)));
    }

    @Test
    void endedThreadAndReapedProcess_noLongerExist() {
        CpuClock t = CpuClock.resolve(task, Clocks.threadCpuClock(sibling.tid(), 2), true);
        CpuClock p = CpuClock.resolve(task, Clocks.processCpuClock(other.pid(), 2), true);
        process.retireTask(sibling);
        guest.kernel().reap(other);
        assertFalse(t.exists());
        assertFalse(p.exists());
    }
}
