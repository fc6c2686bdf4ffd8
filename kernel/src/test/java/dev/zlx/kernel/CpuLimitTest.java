package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.abi.KernelSigaction;
import dev.zlx.abi.Resource;
import dev.zlx.abi.Signals;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RLIMIT_CPU: SIGXCPU at the soft limit (which moves a second on), SIGKILL at the hard one. */
class CpuLimitTest {
    @TempDir
    Path root;
    private GuestFixture guest;
    private Process process;

    @BeforeEach
    void setUp() {
        guest = GuestFixture.create(root, Arch.X86_64);
        process = guest.process();
        process.setAction(Signals.SIGXCPU, new KernelSigaction(0x401000, 0, 0, 0));
    }

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void reached_comparesNanosecondsWithSeconds() {
        assertTrue(CpuLimit.reached(0, 0));
        assertFalse(CpuLimit.reached(999_999_999L, 1));
        assertTrue(CpuLimit.reached(1_000_000_000L, 1));
        assertFalse(CpuLimit.reached(Long.MAX_VALUE, Rlimits.INFINITY));
        assertFalse(CpuLimit.reached(Long.MAX_VALUE, Long.MAX_VALUE / 1_000_000_000L + 1));
    }

    @Test
    void infiniteSoftLimit_isNotWatched() {
        process.rlimits().set(Resource.RLIMIT_CPU, Rlimits.INFINITY, Rlimits.INFINITY);
        assertFalse(process.cpuLimit().armed());
    }

    @Test
    void softLimit_sigxcpuAndOneSecondMore() {
        process.rlimits().set(Resource.RLIMIT_CPU, 0, Rlimits.INFINITY);
        assertTrue(process.cpuLimit().tick());
        assertTrue((guest.task().pending() & Signals.maskBit(Signals.SIGXCPU)) != 0);
        assertEquals(1, process.rlimits().soft(Resource.RLIMIT_CPU));
        guest.task().dequeue(0);
        // The task has used no CPU time (its host thread never ran it): nothing until 1 s.
        assertTrue(process.cpuLimit().tick());
        assertEquals(0, guest.task().pending());
    }

    @Test
    void hardLimit_kills() {
        process.rlimits().set(Resource.RLIMIT_CPU, 0, 0);
        assertFalse(process.cpuLimit().tick());
        assertEquals(ExitStatus.killed(Signals.SIGKILL, false), process.exitStatus());
        assertFalse(process.cpuLimit().armed());
    }
}
