package dev.zlx.elf;

import static dev.zlx.elf.LoadSegment.PROT_EXEC;
import static dev.zlx.elf.LoadSegment.PROT_READ;
import static dev.zlx.elf.LoadSegment.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zlx.elf.MapStep.MapAnonymous;
import dev.zlx.elf.MapStep.MapFile;
import dev.zlx.elf.MapStep.ZeroFill;
import java.util.List;
import org.junit.jupiter.api.Test;

class MapStepsTest {
    private static final int RX = PROT_READ | PROT_EXEC;
    private static final int RW = PROT_READ | PROT_WRITE;

    @Test
    void mapSteps_unalignedDataWithBss_mapsFilePagesZeroesTailAndAddsAnonymousPages()
            throws Exception {
        TestElf e = TestElf.exec();
        e.fileSize = 0x2200;
        e.load(6, 0x1e10, 0x403e10, 0x300, 0x5000, 0x1000);
        List<MapStep> steps = e.parse().mapSteps(0);
        assertEquals(List.of(
                new MapFile(0x400000, 0x2000, RX, 0, 0x2000),
                // page 0x403000 holds file bytes 0x1000..0x2000; 0x404000 holds 0x2000..0x2200
                new MapFile(0x403000, 0x2000, RW, 0x1000, 0x1200),
                new ZeroFill(0x404110, 0xef0),
                new MapAnonymous(0x405000, 0x4000, RW)), steps);
    }

    @Test
    void mapSteps_bssEndingInLastFilePage_needsNoAnonymousPages() throws Exception {
        TestElf e = TestElf.exec();
        e.load(6, 0x1100, 0x403100, 0x100, 0x200, 0x1000);
        assertEquals(List.of(
                new MapFile(0x400000, 0x2000, RX, 0, 0x2000),
                new MapFile(0x403000, 0x1000, RW, 0x1000, 0x1000),
                new ZeroFill(0x403200, 0xe00)), e.parse().mapSteps(0));
    }

    @Test
    void mapSteps_readOnlySegmentWithBss_isNotZeroedAndGetsWritableAnonymousPages()
            throws Exception {
        TestElf e = TestElf.exec();
        e.load(4, 0x1100, 0x403100, 0x100, 0x3000, 0x1000);
        assertEquals(List.of(
                new MapFile(0x400000, 0x2000, RX, 0, 0x2000),
                new MapFile(0x403000, 0x1000, PROT_READ, 0x1000, 0x1000),
                new MapAnonymous(0x404000, 0x3000, RW)), e.parse().mapSteps(0));
    }

    @Test
    void mapSteps_executableBss_keepsExec() throws Exception {
        TestElf e = TestElf.exec();
        e.load(7, 0x1000, 0x403000, 0x1000, 0x2000, 0x1000);
        assertEquals(new MapAnonymous(0x404000, 0x1000, RW | PROT_EXEC),
                e.parse().mapSteps(0).get(2));
    }

    @Test
    void mapSteps_bssOnlySegment_isAnonymousFromItsPage() throws Exception {
        TestElf e = TestElf.exec();
        e.load(6, 0, 0x403800, 0, 0x1000, 0x1000);
        assertEquals(List.of(
                new MapFile(0x400000, 0x2000, RX, 0, 0x2000),
                new MapAnonymous(0x403000, 0x2000, RW)), e.parse().mapSteps(0));
    }

    @Test
    void mapSteps_fileShorterThanLastPage_copiesOnlyToEndOfFile() throws Exception {
        TestElf e = new TestElf();
        e.fileSize = 0x1234;
        e.load(5, 0, 0x400000, 0x1234, 0x1234, 0x1000);
        assertEquals(List.of(new MapFile(0x400000, 0x2000, RX, 0, 0x1234)),
                e.parse().mapSteps(0));
    }

    @Test
    void mapSteps_segmentsSharingAPage_laterReplacesThePageLikeLinux() throws Exception {
        TestElf e = new TestElf();
        e.load(5, 0, 0x400000, 0x1234, 0x1234, 0x1000);
        e.load(6, 0x1234, 0x401234, 0x100, 0x100, 0x1000);
        List<MapStep> steps = e.parse().mapSteps(0);
        assertEquals(List.of(
                new MapFile(0x400000, 0x2000, RX, 0, 0x2000),
                new MapFile(0x401000, 0x1000, RW, 0x1000, 0x1000)), steps);
    }

    @Test
    void mapSteps_dyn_addsBias() throws Exception {
        TestElf e = TestElf.dyn();
        e.load(6, 0x1e10, 0x2e10, 0x100, 0x100, 0x1000);
        long bias = 0x555555554000L;
        assertEquals(List.of(
                new MapFile(bias, 0x2000, RX, 0, 0x2000),
                new MapFile(bias + 0x2000, 0x1000, RW, 0x1000, 0x1000)),
                e.parse().mapSteps(bias));
    }

    @Test
    void mapSteps_badBias_isRejected() throws Exception {
        ElfFile dyn = TestElf.dyn().parse();
        assertThrows(IllegalArgumentException.class, () -> dyn.mapSteps(0x1234));
        assertThrows(IllegalArgumentException.class, () -> dyn.mapSteps(0x7ffffffff000L));
        ElfFile exec = TestElf.exec().parse();
        assertThrows(IllegalArgumentException.class, () -> exec.mapSteps(0x1000));
    }
}
