package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pid allocation under kernel.pid_max and the threads-max check (alloc_pid, copy_process). */
class PidAllocationTest {
    @TempDir
    Path tmp;
    private GuestFixture guest;
    private Kernel kernel;

    @BeforeEach
    void setUp() {
        guest = GuestFixture.create(tmp, Arch.X86_64);
        kernel = guest.kernel();
    }

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void pidsStayBelowPidMax_thenWrapToReservedPids() {
        kernel.tunables().setPidMax(305);
        int last = kernel.lastPid();
        while (last < 304) {
            int pid = kernel.allocatePid();
            assertEquals(last + 1, pid);
            last = pid;
        }
        assertEquals(300, kernel.allocatePid());
        assertEquals(301, kernel.allocatePid());
        assertEquals(301, kernel.lastPid());
    }

    @Test
    void pidsInUseAreSkipped_aFullSpaceIsEagain() {
        assertEquals(2, guest.process().pid());
        kernel.tunables().setPidMax(3); // pids 1 (init) and 2 are the only ones below it, both in use
        LinuxException e = assertThrows(LinuxException.class, kernel::allocatePid);
        assertEquals(Errno.EAGAIN, e.errno());
        kernel.tunables().setPidMax(4);
        assertEquals(3, kernel.allocatePid());
    }

    @Test
    void threadsMax_countsEveryTask_eagainAtTheLimit() {
        kernel.tunables().setThreadsMax(kernel.taskCount() + 1);
        kernel.checkThreadsMax();
        kernel.tunables().setThreadsMax(kernel.taskCount());
        LinuxException e = assertThrows(LinuxException.class, kernel::checkThreadsMax);
        assertEquals(Errno.EAGAIN, e.errno());
    }
}
