package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Clocks;
import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Poll;
import dev.zlx.abi.Timerfd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimerFdTest {
    private static final long MS = 1_000_000;

    @TempDir
    Path root;
    private GuestFixture guest;
    private TimerFd timer;

    @BeforeEach
    void setUp() {
        guest = GuestFixture.create(root, Arch.X86_64);
        timer = new TimerFd(guest.process(), Clocks.CLOCK_MONOTONIC, Timerfd.TFD_NONBLOCK);
    }

    @AfterEach
    void tearDown() {
        timer.close();
        guest.close();
    }

    private long read() {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        timer.read(b);
        return b.getLong(0);
    }

    @Test
    void unarmed_notReadable_EAGAIN() {
        assertEquals(0, timer.poll(Poll.POLLIN));
        assertEquals(Errno.EAGAIN, assertThrows(LinuxException.class, this::read).errno());
        assertEquals(Errno.EINVAL, assertThrows(LinuxException.class, () -> timer.read(ByteBuffer.allocate(4))).errno());
    }

    @Test
    void set_relative_countsDownAndReturnsOldSetting() {
        timer.set(0, 10_000 * MS, 0);
        long left = timer.get().value();
        assertTrue(left > 9_000 * MS && left <= 10_000 * MS, "left " + left);
        var old = timer.set(0, 0, 5 * MS);
        assertTrue(old.value() > 0);
        assertEquals(0, timer.get().value());
        assertEquals(5 * MS, timer.get().interval(), "a disarmed timerfd keeps its interval");
    }

    @Test
    void set_absoluteInThePast_periodsSinceThenAreCounted() {
        long now = guest.process().kernel().monotonicNanos();
        timer.set(Timerfd.TFD_TIMER_ABSTIME, now - 35 * MS, 10 * MS);
        assertEquals(Poll.POLLIN, timer.poll(Poll.POLLIN));
        assertTrue(read() >= 4);
        assertEquals(0, timer.poll(Poll.POLLIN));
        long next = timer.get().value();
        assertTrue(next > 0 && next <= 10 * MS, "next " + next);
    }

    @Test
    void expiry_wakesTheWaitQueue() throws InterruptedException {
        java.util.concurrent.CountDownLatch woken = new java.util.concurrent.CountDownLatch(1);
        timer.waitQueue().add(key -> woken.countDown());
        timer.set(0, 5 * MS, 0);
        assertTrue(woken.await(5, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, read());
        assertEquals(0, timer.get().value(), "a one-shot timer is disarmed once expired");
    }
}
