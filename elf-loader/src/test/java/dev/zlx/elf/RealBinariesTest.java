package dev.zlx.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zlx.abi.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The host's own binaries, which nobody here wrote; skipped where absent. */
class RealBinariesTest {

    static ElfFile parseHost(String path) throws Exception {
        Path p = Path.of(path);
        assumeTrue(Files.isRegularFile(p), path + " is not on this host");
        return ElfFile.parse(ElfSource.of(Files.readAllBytes(p)));
    }

    /** Checks what must hold of any loadable image and its map steps. */
    static void checkSteps(ElfFile f, long bias) {
        List<MapStep> steps = f.mapSteps(bias);
        assertFalse(steps.isEmpty());
        for (MapStep s : steps) {
            switch (s) {
                case MapStep.MapFile m -> {
                    assertEquals(0, m.start() % ElfFile.PAGE_SIZE, m.toString());
                    assertEquals(0, m.length() % ElfFile.PAGE_SIZE, m.toString());
                    assertEquals(0, m.fileOffset() % ElfFile.PAGE_SIZE, m.toString());
                    assertTrue(m.fileLength() > 0 && m.fileLength() <= m.length());
                    assertTrue(m.fileOffset() + m.fileLength() <= f.fileSize());
                }
                case MapStep.ZeroFill z -> {
                    assertTrue(z.length() > 0 && z.length() < ElfFile.PAGE_SIZE);
                    assertEquals(0, (z.start() + z.length()) % ElfFile.PAGE_SIZE);
                }
                case MapStep.MapAnonymous a -> {
                    assertEquals(0, a.start() % ElfFile.PAGE_SIZE);
                    assertEquals(0, a.length() % ElfFile.PAGE_SIZE);
                }
            }
            assertTrue(s.start() >= bias + f.spanStart() && s.start() + s.length()
                    <= bias + f.spanEnd(), s.toString());
        }
    }

    @Test
    void binLs_isPieWithGlibcInterpreter() throws Exception {
        ElfFile f = parseHost("/bin/ls");
        assertEquals(Arch.X86_64, f.arch());
        assertEquals(ElfFile.Type.DYN, f.type());
        assertEquals(Optional.of("/lib64/ld-linux-x86-64.so.2"), f.interpreter());
        assertEquals(0, f.spanStart());
        assertEquals(0x40, f.phdrVaddr());
        assertEquals(ElfFile.StackExec.DISABLED, f.stackExec());
        assertTrue(f.loadSegments().size() >= 2);
        long bias = f.programBias(0).orElseThrow();
        assertEquals(0x555555554000L, bias);
        checkSteps(f, bias);
    }

    @Test
    void ldSo_isDynWithoutInterpreter() throws Exception {
        ElfFile f = parseHost("/lib64/ld-linux-x86-64.so.2");
        assertEquals(ElfFile.Type.DYN, f.type());
        assertEquals(Optional.empty(), f.interpreter());
        assertTrue(f.programBias(0).isEmpty());
        assertTrue(f.entry() > 0 && f.entry() < f.spanEnd());
        f.checkInterpreterFor(parseHost("/bin/ls"));
        checkSteps(f, 0x7ffff7fc0000L - f.spanEnd() & -ElfFile.PAGE_SIZE);
    }

    @Test
    void busyboxStatic_isExecWithoutInterpreter() throws Exception {
        ElfFile f = parseHost("/bin/busybox");
        assumeTrue(f.interpreter().isEmpty(), "/bin/busybox is not the static build");
        assertEquals(Arch.X86_64, f.arch());
        if (f.type() == ElfFile.Type.EXEC) {
            assertTrue(f.spanStart() >= ElfFile.MMAP_MIN_ADDR);
            assertEquals(f.spanStart() + f.phoff(), f.phdrVaddr());
            checkSteps(f, 0);
        } else {
            checkSteps(f, 0x7f0000000000L);
        }
        // The data segment of a static glibc binary is unaligned and has bss: expect all kinds.
        List<MapStep> steps = f.mapSteps(f.type() == ElfFile.Type.EXEC ? 0 : 0x7f0000000000L);
        assertTrue(steps.stream().anyMatch(s -> s instanceof MapStep.ZeroFill), steps.toString());
    }

    @Test
    void busyboxArm64_ifBuilt_isAarch64() throws Exception {
        Path p = Path.of("../testbins/target/busybox/aarch64/busybox");
        assumeTrue(Files.isRegularFile(p), "no arm64 busybox in testbins/target");
        ElfFile f = ElfFile.parse(ElfSource.of(Files.readAllBytes(p)));
        assertEquals(Arch.AARCH64, f.arch());
        checkSteps(f, f.type() == ElfFile.Type.EXEC ? 0 : 0xaaaaaaaaa000L);
    }

    @Test
    void testbins_everyBuiltBinaryParsesAndMaps() throws Exception {
        Path dir = Path.of("../testbins/target/bin");
        assumeTrue(Files.isDirectory(dir), "testbins not built");
        int n = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                byte[] b = Files.readAllBytes(p);
                if (b.length < 4 || b[0] != 0x7f || b[1] != 'E') {
                    continue;
                }
                ElfFile f = ElfFile.parse(ElfSource.of(b));
                checkSteps(f, f.type() == ElfFile.Type.EXEC ? 0 : 0x10000000L);
                n++;
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assumeTrue(n > 0, "no ELF files in testbins/target/bin");
    }
}
