package dev.zlx.abi;

import static dev.zlx.abi.LittleEndian.getU16;
import static dev.zlx.abi.LittleEndian.getU32;
import static dev.zlx.abi.LittleEndian.getU64;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Offsets from src/test/c/abi_facts.c (offsetof on linux/stat.h's struct statx), checked per arch. */
class StatxLayoutTest {
    private static final FileStat ST = new FileStat(FileStat.makedev(0x123, 0x45678), 0x2222222222222202L, 0x41ed,
            0x33333303, 0x44444404, 0x55555505, FileStat.makedev(0xabc, 0xdef01), 0x7777777777777707L, 0x08080808,
            0x0909090909090909L, 0x0a0a0a0a0a0a0a0aL, 0x0b0b0b0bL, 0x0c0c0c0c0c0c0c0cL, 0x0d0d0d0dL,
            0x0e0e0e0e0e0e0e0eL, 0x0f0f0f0fL);

    @Test
    void fieldsAtTheirOffsets() {
        byte[] b = StatxLayout.encode(ST, Statx.STATX_BASIC_STATS | Statx.STATX_BTIME | Statx.STATX_MNT_ID,
                0x1010101010101010L, 0x2020202020202020L, new Timespec(0x3030303030303030L, 0x31313131), 0x4040404040404040L);
        assertEquals(256, b.length);
        assertEquals(0x1fff, getU32(b, 0));
        assertEquals(ST.blksize(), getU32(b, 4));
        assertEquals(0x1010101010101010L, getU64(b, 8));
        assertEquals((int) ST.nlink(), getU32(b, 16));
        assertEquals(ST.uid(), getU32(b, 20));
        assertEquals(ST.gid(), getU32(b, 24));
        assertEquals(ST.mode(), getU16(b, 28));
        assertEquals(ST.ino(), getU64(b, 32));
        assertEquals(ST.size(), getU64(b, 40));
        assertEquals(ST.blocks(), getU64(b, 48));
        assertEquals(0x2020202020202020L, getU64(b, 56));
        assertEquals(ST.atimeSec(), getU64(b, 64));
        assertEquals((int) ST.atimeNsec(), getU32(b, 72));
        assertEquals(0x3030303030303030L, getU64(b, 80));
        assertEquals(0x31313131, getU32(b, 88));
        assertEquals(ST.ctimeSec(), getU64(b, 96));
        assertEquals((int) ST.ctimeNsec(), getU32(b, 104));
        assertEquals(ST.mtimeSec(), getU64(b, 112));
        assertEquals((int) ST.mtimeNsec(), getU32(b, 120));
        assertEquals(0xabc, getU32(b, 128));
        assertEquals(0xdef01, getU32(b, 132));
        assertEquals(0x123, getU32(b, 136));
        assertEquals(0x45678, getU32(b, 140));
        assertEquals(0x4040404040404040L, getU64(b, 144));
        for (int off = 152; off < 256; off++) {
            assertEquals(0, b[off], "spare at " + off);
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void offsets_matchTheCProgram(Arch arch) {
        AbiFacts f = AbiFacts.of(arch);
        assertEquals(f.size("statx"), StatxLayout.SIZE);
        String[] fields = {"stx_mask", "stx_blksize", "stx_attributes", "stx_nlink", "stx_uid", "stx_gid", "stx_mode",
            "stx_ino", "stx_size", "stx_blocks", "stx_attributes_mask", "stx_atime", "stx_btime", "stx_ctime",
            "stx_mtime", "stx_rdev_major", "stx_rdev_minor", "stx_dev_major", "stx_dev_minor", "stx_mnt_id"};
        int[] offsets = {0, 4, 8, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 132, 136, 140, 144};
        for (int i = 0; i < fields.length; i++) {
            assertEquals(f.offset("statx." + fields[i]), offsets[i], fields[i]);
        }
        assertEquals(16, f.size("statx_timestamp"));
        assertEquals(8, f.offset("statx_timestamp.tv_nsec"));
    }
}
