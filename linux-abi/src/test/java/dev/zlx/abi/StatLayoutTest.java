package dev.zlx.abi;

import static dev.zlx.abi.LittleEndian.getU32;
import static dev.zlx.abi.LittleEndian.getU64;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Offsets and sizes come from src/test/c/abi_facts.c (offsetof/sizeof on the Linux 6.1 uapi
 * asm/stat.h), run natively for x86-64 and as a static aarch64 binary under qemu-aarch64; the same
 * numbers are in the test resources abi-*.txt, which {@link #offsets_matchTheCProgram} checks.
 */
class StatLayoutTest {
    static final FileStat ST = new FileStat(0x1111111111111101L, 0x2222222222222202L, 0x000081a4, 0x3333333333333303L,
            0x44444404, 0x55555505, 0x6666666666666606L, 0x7777777777777707L, 0x08080808, 0x0909090909090909L,
            0x0a0a0a0a0a0a0a0aL, 0x0b0b0b0bL, 0x0c0c0c0c0c0c0c0cL, 0x0d0d0d0dL, 0x0e0e0e0e0e0e0e0eL, 0x0f0f0f0fL);

    @Test
    void x86_64_fieldsAtTheirOffsets() {
        byte[] b = StatLayout.encode(Arch.X86_64, ST);
        assertEquals(144, b.length);
        assertEquals(ST.dev(), getU64(b, 0));
        assertEquals(ST.ino(), getU64(b, 8));
        assertEquals(ST.nlink(), getU64(b, 16));
        assertEquals(ST.mode(), getU32(b, 24));
        assertEquals(ST.uid(), getU32(b, 28));
        assertEquals(ST.gid(), getU32(b, 32));
        assertEquals(0, getU32(b, 36), "__pad0");
        assertEquals(ST.rdev(), getU64(b, 40));
        assertEquals(ST.size(), getU64(b, 48));
        assertEquals(ST.blksize(), getU64(b, 56));
        assertEquals(ST.blocks(), getU64(b, 64));
        assertTimes(b);
        for (int off = 120; off < 144; off++) {
            assertEquals(0, b[off], "__unused at " + off);
        }
    }

    @Test
    void aarch64_fieldsAtTheirOffsets() {
        byte[] b = StatLayout.encode(Arch.AARCH64, ST);
        assertEquals(128, b.length);
        assertEquals(ST.dev(), getU64(b, 0));
        assertEquals(ST.ino(), getU64(b, 8));
        assertEquals(ST.mode(), getU32(b, 16));
        assertEquals((int) ST.nlink(), getU32(b, 20));
        assertEquals(ST.uid(), getU32(b, 24));
        assertEquals(ST.gid(), getU32(b, 28));
        assertEquals(ST.rdev(), getU64(b, 32));
        assertEquals(0, getU64(b, 40), "__pad1");
        assertEquals(ST.size(), getU64(b, 48));
        assertEquals(ST.blksize(), getU32(b, 56));
        assertEquals(0, getU32(b, 60), "__pad2");
        assertEquals(ST.blocks(), getU64(b, 64));
        assertTimes(b);
        assertEquals(0, getU64(b, 120), "__unused4, __unused5");
    }

    private static void assertTimes(byte[] b) {
        assertEquals(ST.atimeSec(), getU64(b, 72));
        assertEquals(ST.atimeNsec(), getU64(b, 80));
        assertEquals(ST.mtimeSec(), getU64(b, 88));
        assertEquals(ST.mtimeNsec(), getU64(b, 96));
        assertEquals(ST.ctimeSec(), getU64(b, 104));
        assertEquals(ST.ctimeNsec(), getU64(b, 112));
    }

    @Test
    void offsets_matchTheCProgram() {
        AbiFacts x = AbiFacts.of(Arch.X86_64);
        AbiFacts a = AbiFacts.of(Arch.AARCH64);
        assertEquals(x.size("stat"), StatLayout.size(Arch.X86_64));
        assertEquals(a.size("stat"), StatLayout.size(Arch.AARCH64));
        String[] fields = {"st_dev", "st_ino", "st_nlink", "st_mode", "st_uid", "st_gid", "st_rdev", "st_size",
            "st_blksize", "st_blocks", "st_atime", "st_atime_nsec", "st_mtime", "st_mtime_nsec", "st_ctime",
            "st_ctime_nsec"};
        int[] x86 = {0, 8, 16, 24, 28, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112};
        int[] arm = {0, 8, 20, 16, 24, 28, 32, 48, 56, 64, 72, 80, 88, 96, 104, 112};
        for (int i = 0; i < fields.length; i++) {
            assertEquals(x.offset("stat." + fields[i]), x86[i], "x86_64 " + fields[i]);
            assertEquals(a.offset("stat." + fields[i]), arm[i], "aarch64 " + fields[i]);
        }
        assertEquals(8, x.size("stat.st_nlink"));
        assertEquals(4, a.size("stat.st_nlink"));
        assertEquals(8, x.size("stat.st_blksize"));
        assertEquals(4, a.size("stat.st_blksize"));
    }
}
