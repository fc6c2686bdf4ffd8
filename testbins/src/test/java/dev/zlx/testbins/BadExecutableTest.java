package dev.zlx.testbins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs zlx must refuse: per the command-line contract, 126 for a program that cannot be
 * executed (not ELF, wrong class or machine, malformed or hostile headers, missing interpreter)
 * and 127 for a program that does not exist — each with exactly one line on stderr and never a
 * Java stack trace.
 */
class BadExecutableTest {

    @TempDir
    Path tmp;

    private Path executable(String name, byte[] content) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static Outcome zlx(Path program) {
        return GuestRunner.ZLX.run(Invocation.of(program));
    }

    private static byte[] hello() throws IOException {
        return Files.readAllBytes(Target.X86_64_GLIBC.binary("hello"));
    }

    /** The writer's valid baseline runs natively and under zlx, so the hostile variants differ only as intended. */
    @Test
    void elfWriterBaseline_exits7() throws IOException {
        Path p = executable("exit7", ElfWriter.exit7().bytes());
        Compare.exitStatus(7, GuestRunner.NATIVE.run(Invocation.of(p)));
        Compare.exitStatus(7, zlx(p));
    }

    @Test
    void textFileWithoutShebang_126() throws IOException {
        Compare.oneLineError(126, zlx(executable("script.txt",
                "echo this is not a program\n".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void elf32_126() throws IOException {
        byte[] b = hello();
        b[4] = 1; // EI_CLASS = ELFCLASS32
        Compare.oneLineError(126, zlx(executable("elf32", b)));
    }

    @Test
    void wrongMachine_126() throws IOException {
        byte[] b = hello();
        b[18] = 40; // e_machine = EM_ARM
        b[19] = 0;
        Compare.oneLineError(126, zlx(executable("elf-arm", b)));
    }

    @Test
    void truncatedInElfHeader_126() throws IOException {
        Compare.oneLineError(126, zlx(executable("trunc40", Arrays.copyOf(hello(), 40))));
    }

    @Test
    void truncatedInProgramHeaders_126() throws IOException {
        Compare.oneLineError(126, zlx(executable("trunc100", Arrays.copyOf(hello(), 100))));
    }

    @Test
    void overlappingSegments_126() throws IOException {
        ElfWriter w = ElfWriter.exit7();
        ElfWriter.Segment first = w.segments.get(0);
        ElfWriter.Segment s = w.addSegment();
        s.flags = ElfWriter.PF_R | ElfWriter.PF_W;
        s.offset = 0;
        s.vaddr = first.vaddr;
        s.filesz = first.filesz;
        s.memsz = 0x2000;
        Compare.oneLineError(126, zlx(executable("overlap", w.bytes())));
    }

    @Test
    void segmentOffsetPastEndOfFile_126() throws IOException {
        ElfWriter w = ElfWriter.exit7();
        ElfWriter.Segment s = w.addSegment();
        s.flags = ElfWriter.PF_R;
        s.offset = 0x100000;
        s.vaddr = ElfWriter.BASE + 0x200000;
        s.filesz = 0x1000;
        s.memsz = 0x1000;
        Compare.oneLineError(126, zlx(executable("offset-past-end", w.bytes())));
    }

    @Test
    void hugeMemsz_126() throws IOException {
        ElfWriter w = ElfWriter.exit7();
        ElfWriter.Segment s = w.addSegment();
        s.flags = ElfWriter.PF_R | ElfWriter.PF_W;
        s.offset = 0;
        s.vaddr = ElfWriter.BASE + 0x200000;
        s.filesz = 0;
        s.memsz = 0x7fff_ffff_ffff_f000L; // wraps past the end of the address space
        Compare.oneLineError(126, zlx(executable("huge-memsz", w.bytes())));
    }

    @Test
    void programHeadersPastEndOfFile_126() throws IOException {
        ElfWriter w = ElfWriter.exit7();
        w.phoff = 0x10000;
        Compare.oneLineError(126, zlx(executable("phoff-past-end", w.bytes())));
    }

    /** /bin/true with its PT_INTERP path replaced by a non-existent one of the same length. */
    @Test
    void missingInterpreter_126() throws IOException {
        byte[] b = Files.readAllBytes(TestPaths.hostTool("/bin/true", "coreutils"));
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long phoff = bb.getLong(32);
        int phentsize = Short.toUnsignedInt(bb.getShort(54));
        int phnum = Short.toUnsignedInt(bb.getShort(56));
        boolean patched = false;
        for (int i = 0; i < phnum; i++) {
            int ph = (int) (phoff + (long) i * phentsize);
            if (bb.getInt(ph) == ElfWriter.PT_INTERP) {
                int off = (int) bb.getLong(ph + 8);
                int len = (int) bb.getLong(ph + 32) - 1; // without the NUL
                String missing = ("/nonexistent-zlx-interp/" + "x".repeat(len)).substring(0, len);
                assertFalse(Files.exists(Path.of(missing)));
                System.arraycopy(missing.getBytes(StandardCharsets.US_ASCII), 0, b, off, len);
                patched = true;
            }
        }
        assertEquals(true, patched, "/bin/true has no PT_INTERP");
        Compare.oneLineError(126, zlx(executable("true-missing-interp", b)));
    }

    @Test
    void directory_126() throws IOException {
        Compare.oneLineError(126, zlx(Files.createDirectory(tmp.resolve("a-directory"))));
    }

    @Test
    void notExecutable_126() throws IOException {
        Path p = tmp.resolve("hello-no-x");
        Files.write(p, hello());
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        Compare.oneLineError(126, zlx(p));
    }

    @Test
    void missingProgram_127() {
        Compare.oneLineError(127, zlx(tmp.resolve("no-such-program")));
    }
}
