package dev.zlx.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FileStatTest {
    @Test
    void makedev_smallNumbers_matchTheOldEncoding() {
        assertEquals(0x0801L, FileStat.makedev(8, 1));
        assertEquals(0x8800L | 3, FileStat.makedev(136, 3));
    }

    @Test
    void makedev_largeNumbers_matchGlibc() {
        // Expected values printed by glibc's makedev (sys/sysmacros.h) on this machine.
        assertEquals(0x1200456034512L, FileStat.makedev(0x12345, 0x456012));
        assertEquals(0xfffffffffffffL, FileStat.makedev(0xfffff, 0xffffffff));
    }

    @Test
    void majorMinor_roundTrip() {
        int[][] cases = {{0, 0}, {8, 1}, {0xfff, 0xff}, {0x1000, 0x100}, {0xfffff, 0xfffff}, {0x7ffff, 0xffffffff}};
        for (int[] c : cases) {
            long dev = FileStat.makedev(c[0], c[1]);
            assertEquals(c[0], FileStat.major(dev), "major of " + Long.toHexString(dev));
            assertEquals(c[1], FileStat.minor(dev), "minor of " + Long.toHexString(dev));
        }
    }
}
