package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TimesSyscallsTest extends HandlerTestBase {
    private ByteBuffer read(long addr, int size) {
        return ByteBuffer.wrap(guest.read(addr, size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void times_fillsTmsAndReturnsTicksSinceBoot() {
        long buf = guest.alloc(TimesSyscalls.TMS_SIZE);
        long ticks = sys("times", buf);
        assertTrue(ticks >= 0, "ticks " + ticks);
        ByteBuffer tms = read(buf, TimesSyscalls.TMS_SIZE);
        assertTrue(tms.getLong(0) >= 0 && tms.getLong(8) >= 0, "utime and stime");
        assertEquals(0, tms.getLong(16), "no child was reaped");
        assertEquals(0, tms.getLong(24));
        assertTrue(sys("times", 0) >= ticks, "elapsed ticks go forward");
    }

    @Test
    void times_badPointer_EFAULT() {
        assertEquals(err(Errno.EFAULT), sys("times", 8));
    }

    @Test
    void getrusage_self_hasValidTimevalsAndZeroCounters() {
        for (int who : new int[] {TimesSyscalls.RUSAGE_SELF, TimesSyscalls.RUSAGE_THREAD}) {
            long buf = guest.put(filled());
            assertEquals(0, sys("getrusage", who, buf));
            ByteBuffer ru = read(buf, TimesSyscalls.RUSAGE_SIZE);
            for (int off : new int[] {0, 16}) {
                assertTrue(ru.getLong(off) >= 0, "seconds at " + off);
                assertTrue(ru.getLong(off + 8) >= 0 && ru.getLong(off + 8) < 1_000_000, "microseconds at " + off);
            }
            byte[] rest = Arrays.copyOfRange(guest.read(buf, TimesSyscalls.RUSAGE_SIZE), 32, TimesSyscalls.RUSAGE_SIZE);
            assertArrayEquals(new byte[TimesSyscalls.RUSAGE_SIZE - 32], rest, "ru_maxrss… are 0");
        }
    }

    @Test
    void getrusage_children_noneReaped_isAllZero() {
        long buf = guest.put(filled());
        assertEquals(0, sys("getrusage", TimesSyscalls.RUSAGE_CHILDREN, buf));
        assertArrayEquals(new byte[TimesSyscalls.RUSAGE_SIZE], guest.read(buf, TimesSyscalls.RUSAGE_SIZE));
    }

    @Test
    void getrusage_badWho_EINVAL() {
        long buf = guest.alloc(TimesSyscalls.RUSAGE_SIZE);
        assertEquals(err(Errno.EINVAL), sys("getrusage", 2, buf));
        assertEquals(err(Errno.EINVAL), sys("getrusage", -2, buf));
    }

    /** A buffer of 0xff bytes, to see that every byte is written. */
    private static byte[] filled() {
        byte[] b = new byte[TimesSyscalls.RUSAGE_SIZE];
        Arrays.fill(b, (byte) 0xff);
        return b;
    }
}
