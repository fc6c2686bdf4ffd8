package dev.zlx.elf;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Random mutations of valid ELF files: parse succeeds or throws ElfException, nothing else. */
class ElfFuzzTest {
    private static final int ROUNDS = 20_000;

    @Test
    void parse_mutatedBuilderElf_onlyEverThrowsElfException() {
        TestElf e = TestElf.exec().interp("/lib64/ld-linux-x86-64.so.2");
        e.load(6, 0x1e10, 0x403e10, 0x100, 0x3000, 0x1000);
        e.phdr(ProgramHeader.PT_GNU_STACK, 6, 0, 0, 0, 0, 16);
        fuzz(e.bytes(), 1);
    }

    @Test
    void parse_mutatedBinLsHead_onlyEverThrowsElfException() throws Exception {
        Path ls = Path.of("/bin/ls");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(ls));
        byte[] all = Files.readAllBytes(ls);
        fuzz(all, 2);
    }

    private static void fuzz(byte[] valid, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        // Mutate the header and program header region, where parsing looks.
        int hotBase = Math.min(valid.length, 64 + 56 * 16);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] b = valid.clone();
            int mutations = 1 + rnd.nextInt(8);
            for (int m = 0; m < mutations; m++) {
                int kind = rnd.nextInt(4);
                int at = rnd.nextInt(Math.min(hotBase, b.length));
                switch (kind) {
                    case 0 -> b[at] = (byte) rnd.nextInt(256);
                    case 1 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                    case 2 -> { // an interesting 64-bit value at an 8-aligned offset
                        long[] v = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x1000, 0xfff,
                            0x7ffffffff000L, 1L << 48, valid.length, valid.length + 1L};
                        long x = v[rnd.nextInt(v.length)];
                        int o = Math.min(at & ~7, b.length - 8);
                        for (int i = 0; i < 8; i++) {
                            b[o + i] = (byte) (x >>> (8 * i));
                        }
                    }
                    default -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                }
                if (b.length < 8) {
                    break;
                }
            }
            try {
                ElfFile f = ElfFile.parse(ElfSource.of(b));
                RealBinariesTest.checkSteps(f, 0);
                f.programBias(0x12345000);
            } catch (ElfException expected) {
                if (expected.getMessage() == null || expected.getMessage().contains("\n")) {
                    fail("bad message in round " + round + ": " + expected.getMessage());
                }
            } catch (Throwable t) {
                throw new AssertionError("round " + round + " of seed " + seed + ": " + t, t);
            }
        }
    }
}
