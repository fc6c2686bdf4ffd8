package dev.zlx.sysfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Cpumasks print as the kernel's %*pbl and %*pb do. */
class CpuMaskTest {
    @Test
    void list_rangesJoinedByCommas() {
        assertEquals("0-1", CpuMask.range(2, 0, 2).list());
        assertEquals("0,2-4,7", CpuMask.of(8, 0, 2, 3, 4, 7).list());
        assertEquals("5", CpuMask.of(8, 5).list());
        assertEquals("", CpuMask.of(8).list());
    }

    @Test
    void bitmap_firstChunkAsWideAsItsBits() {
        assertEquals("3", CpuMask.range(2, 0, 2).bitmap());
        assertEquals("1f", CpuMask.range(5, 0, 5).bitmap());
        assertEquals("02", CpuMask.of(8, 1).bitmap());
        assertEquals("ffffffff", CpuMask.range(32, 0, 32).bitmap());
    }

    @Test
    void bitmap_32BitChunksSeparatedByCommas() {
        assertEquals("1,00000001", CpuMask.of(33, 0, 32).bitmap());
        assertEquals("00000000,00000001", CpuMask.of(64, 0).bitmap());
        assertEquals("08,00000000", CpuMask.of(40, 35).bitmap());
        assertEquals("ffffffff,ffffffff", CpuMask.range(64, 0, 64).bitmap());
    }
}
