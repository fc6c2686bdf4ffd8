package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.KernelSigaction;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Signals;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalSenderTest {
    @TempDir
    Path root;
    private GuestFixture guest;
    private Process process;
    private Task task;

    @BeforeEach
    void setUp() {
        guest = GuestFixture.create(root, Arch.X86_64);
        process = guest.process();
        task = guest.task();
    }

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void checkSignal_outOfRange_EINVAL() {
        assertEquals(Errno.EINVAL, assertThrows(LinuxException.class, () -> SignalSender.checkSignal(65)).errno());
        assertEquals(Errno.EINVAL, assertThrows(LinuxException.class, () -> SignalSender.checkSignal(-1)).errno());
        SignalSender.checkSignal(0);
        SignalSender.checkSignal(64);
    }

    @Test
    void send_fatalDefault_killsTheProcessAndStopsTheSender() {
        SignalSender.send(process, Signals.SIGTERM, task);
        assertEquals(ExitStatus.killed(Signals.SIGTERM, false), process.exitStatus());
        assertTrue(task.leavingRunLoop());
    }

    @Test
    void send_signalZero_doesNothing() {
        SignalSender.send(process, 0, task);
        assertNull(process.exitStatus());
    }

    @Test
    void send_ignoredByDefault_isDiscarded() {
        SignalSender.send(process, Signals.SIGCHLD, task);
        assertNull(process.exitStatus());
        assertEquals(0, task.pending());
    }

    @Test
    void send_setToSigIgn_isDiscarded() {
        process.setAction(Signals.SIGTERM, new KernelSigaction(1, 0, 0, 0));
        SignalSender.send(process, Signals.SIGTERM, task);
        assertNull(process.exitStatus());
    }

    @Test
    void send_toAGuestHandler_isQueuedForTheThread() {
        process.setAction(Signals.SIGUSR1, new KernelSigaction(0x401000, 0, 0, 0));
        SignalSender.send(process, Signals.SIGUSR1, task);
        assertNull(process.exitStatus());
        assertEquals(Signals.maskBit(Signals.SIGUSR1), task.pending());
        assertTrue(task.hasDeliverable());
    }

    @Test
    void send_stopThenCont_stopsAndContinuesTheProcess() {
        SignalSender.send(process, Signals.SIGTSTP, task);
        assertTrue(process.isStopped());
        assertEquals(0, task.pending());
        SignalSender.send(process, Signals.SIGCONT, task);
        assertFalse(process.isStopped());
        assertNull(process.exitStatus());
    }

    @Test
    void send_sigkillIgnoringItsDisposition_kills() {
        process.setAction(Signals.SIGKILL, new KernelSigaction(1, 0, 0, 0));
        SignalSender.send(process, Signals.SIGKILL, task);
        assertEquals(9, process.exitStatus().waitStatus());
    }

    @Test
    void send_blocked_staysPendingUntilUnblocked() {
        task.setSignalMask(Signals.maskBit(Signals.SIGTERM));
        SignalSender.send(process, Signals.SIGTERM, task);
        assertNull(process.exitStatus());
        assertEquals(Signals.maskBit(Signals.SIGTERM), task.pending());
        task.setSignalMask(0);
        SignalDelivery.deliver(task);
        assertEquals(0, task.pending());
        assertEquals(ExitStatus.killed(Signals.SIGTERM, false), process.exitStatus());
    }

    @Test
    void send_toAnExitedProcess_keepsTheFirstStatus() {
        process.setExitStatus(ExitStatus.exited(3));
        SignalSender.send(process, Signals.SIGKILL, task);
        assertEquals(ExitStatus.exited(3), process.exitStatus());
    }
}
