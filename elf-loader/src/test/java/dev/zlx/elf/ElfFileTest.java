package dev.zlx.elf;

import static dev.zlx.elf.ElfException.Kind.MALFORMED;
import static dev.zlx.elf.ElfException.Kind.NOT_ELF;
import static dev.zlx.elf.ElfException.Kind.WRONG_CLASS;
import static dev.zlx.elf.ElfException.Kind.WRONG_ENDIAN;
import static dev.zlx.elf.ElfException.Kind.WRONG_MACHINE;
import static dev.zlx.elf.ElfException.Kind.WRONG_TYPE;
import static dev.zlx.elf.LoadSegment.PROT_EXEC;
import static dev.zlx.elf.LoadSegment.PROT_READ;
import static dev.zlx.elf.LoadSegment.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ElfFileTest {

    private static void rejects(TestElf elf, ElfException.Kind kind, String fragment) {
        ElfException e = assertThrows(ElfException.class, elf::parse);
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment),
                "message '" + e.getMessage() + "' lacks '" + fragment + "'");
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(Errno.ENOEXEC, e.errno());
    }

    @Test
    void parse_minimalExec_exposesHeader() throws Exception {
        ElfFile f = TestElf.exec().parse();
        assertEquals(Arch.X86_64, f.arch());
        assertEquals(ElfFile.Type.EXEC, f.type());
        assertEquals(0x401000, f.entry());
        assertEquals(64, f.phoff());
        assertEquals(56, f.phentsize());
        assertEquals(1, f.phnum());
        assertEquals(List.of(new LoadSegment(0x400000, 0x2000, 0, 0x2000, PROT_READ | PROT_EXEC,
                0x1000)), f.loadSegments());
        assertEquals(Optional.empty(), f.interpreter());
        assertEquals(ElfFile.StackExec.DEFAULT, f.stackExec());
        assertFalse(f.executableStack());
        assertEquals(0x400040, f.phdrVaddr());
        assertEquals(0x400000, f.spanStart());
        assertEquals(0x402000, f.spanEnd());
        assertEquals(OptionalLong.of(0), f.programBias(0));
    }

    @Test
    void parse_aarch64_isAccepted() throws Exception {
        TestElf e = TestElf.exec();
        e.machine = 183;
        assertEquals(Arch.AARCH64, e.parse().arch());
    }

    @Test
    void parse_badMagic_isNotElf() {
        TestElf e = TestElf.exec();
        e.put(1, new byte[] {'X'});
        rejects(e, NOT_ELF, "magic");
    }

    @Test
    void parse_threeByteFile_isNotElf() {
        ElfException e = assertThrows(ElfException.class,
                () -> ElfFile.parse(ElfSource.of(new byte[] {0x7f, 'E', 'L'})));
        assertEquals(NOT_ELF, e.kind());
    }

    @Test
    void parse_scriptHead_isNotElf() {
        ElfException e = assertThrows(ElfException.class,
                () -> ElfFile.parse(ElfSource.of("#!/bin/sh\n".getBytes())));
        assertEquals(NOT_ELF, e.kind());
    }

    @Test
    void parse_elfClass32_isWrongClass() {
        TestElf e = TestElf.exec();
        e.cls = 1;
        rejects(e, WRONG_CLASS, "ELFCLASS32");
    }

    @Test
    void parse_elfClassInvalid_isWrongClass() {
        TestElf e = TestElf.exec();
        e.cls = 7;
        rejects(e, WRONG_CLASS, "e_ident[EI_CLASS] 7 is not ELFCLASS64");
    }

    @Test
    void parse_bigEndian_isWrongEndian() {
        TestElf e = TestElf.exec();
        e.data = 2;
        rejects(e, WRONG_ENDIAN, "ELFDATA2MSB");
    }

    @Test
    void parse_identVersion0_isMalformed() {
        TestElf e = TestElf.exec();
        e.identVersion = 0;
        rejects(e, MALFORMED, "e_ident[EI_VERSION] 0");
    }

    @Test
    void parse_eVersion2_isMalformed() {
        TestElf e = TestElf.exec();
        e.version = 2;
        rejects(e, MALFORMED, "e_version 2 is not EV_CURRENT");
    }

    @Test
    void parse_truncatedHeader_isMalformed() {
        byte[] b = Arrays.copyOf(TestElf.exec().bytes(), 40);
        ElfException e = assertThrows(ElfException.class, () -> ElfFile.parse(ElfSource.of(b)));
        assertEquals(MALFORMED, e.kind());
        assertTrue(e.getMessage().contains("file is 40 bytes, shorter than the 64-byte ELF header"));
    }

    @Test
    void parse_relocatable_isWrongType() {
        TestElf e = TestElf.exec();
        e.type = 1;
        rejects(e, WRONG_TYPE, "ET_REL");
    }

    @Test
    void parse_core_isWrongType() {
        TestElf e = TestElf.exec();
        e.type = 4;
        rejects(e, WRONG_TYPE, "ET_CORE");
    }

    @Test
    void parse_i386_isWrongMachine() {
        TestElf e = TestElf.exec();
        e.machine = 3;
        rejects(e, WRONG_MACHINE, "e_machine EM_386 (3)");
    }

    @Test
    void parse_riscv_isWrongMachine() {
        TestElf e = TestElf.exec();
        e.machine = 243;
        rejects(e, WRONG_MACHINE, "EM_RISCV");
    }

    @Test
    void parse_ehsize52_isMalformed() {
        TestElf e = TestElf.exec();
        e.ehsize = 52;
        rejects(e, MALFORMED, "e_ehsize 52 is not 64");
    }

    @Test
    void parse_phentsize32_isMalformed() {
        TestElf e = TestElf.exec();
        e.phentsize = 32;
        rejects(e, MALFORMED, "e_phentsize 32 is not 56");
    }

    @Test
    void parse_phnum0_isMalformed() {
        TestElf e = TestElf.exec();
        e.phnum = 0;
        rejects(e, MALFORMED, "e_phnum is 0");
    }

    @Test
    void parse_phnumOver64KiB_isMalformed() {
        TestElf e = TestElf.exec();
        e.phnum = 1171;
        rejects(e, MALFORMED, "e_phnum 1171 program headers take 65576 bytes, more than");
    }

    @Test
    void parse_phnumExactly64KiBWorth_isAcceptedWhenInFile() throws Exception {
        TestElf e = TestElf.exec();
        e.phnum = 1170;
        e.fileSize = 0x11000;
        e.phdrs.set(0, new long[] {1, 5, 0, 0x400000, 0x400000, 0x11000, 0x11000, 0x1000});
        assertEquals(1170, e.parse().phnum());
    }

    @Test
    void parse_phdrsPastEnd_isMalformed() {
        TestElf e = TestElf.exec();
        e.phoff = 0x1fe0;
        rejects(e, MALFORMED, "program headers at e_phoff 0x1fe0 + 0x38 bytes are past the end"
                + " of the 0x2000-byte file");
    }

    @Test
    void parse_phoffHuge_isMalformedNotOverflow() {
        TestElf e = TestElf.exec();
        e.phoff = -8;
        rejects(e, MALFORMED, "past the end");
    }

    @Test
    void parse_loadPastEndOfFile_namesOffsetSizeAndFile() {
        TestElf e = TestElf.exec();
        e.fileSize = 0x6000;
        e.load(6, 0x5000, 0x405000, 0x2000, 0x2000, 0x1000);
        rejects(e, MALFORMED, "program header 1: p_offset 0x5000 + p_filesz 0x2000 is past the"
                + " end of the 0x6000-byte file");
    }


    /** ld gives a program whose only writable data is .bss such a segment (aarch64 cpu_kernel). */
    @Test
    void parse_bssOnlyLoadWithOffsetPastEnd_isAccepted() throws Exception {
        TestElf e = TestElf.exec();
        e.fileSize = 0x2000;
        e.load(6, 0xfff0, 0x41fff0, 0, 0x36000, 0x10000);
        assertEquals(0, e.parse().loadSegments().get(1).filesz());
    }
    @Test
    void parse_loadOffsetWraps_isMalformed() {
        TestElf e = TestElf.exec();
        e.load(6, -0x1000, 0x405000, 0x2000, 0x2000, 0x1000);
        rejects(e, MALFORMED, "is past the end");
    }

    @Test
    void parse_fileszOverMemsz_isMalformed() {
        TestElf e = TestElf.exec();
        e.load(6, 0x1000, 0x403000, 0x800, 0x400, 0x1000);
        rejects(e, MALFORMED, "program header 1: p_filesz 0x800 is larger than p_memsz 0x400");
    }

    @Test
    void parse_alignNotPowerOfTwo_isMalformed() {
        TestElf e = TestElf.exec();
        e.load(6, 0x1000, 0x403000, 0x800, 0x800, 0x1800);
        rejects(e, MALFORMED, "p_align 0x1800 is not a power of two");
    }

    @Test
    void parse_align0And1_areAccepted() throws Exception {
        TestElf e = TestElf.exec();
        e.load(6, 0x1000, 0x403000, 0x800, 0x800, 0);
        e.load(6, 0x1800, 0x404800, 0x800, 0x800, 1);
        assertEquals(3, e.parse().loadSegments().size());
    }

    @Test
    void parse_vaddrOffsetDifferentPageOffset_isMalformed() {
        TestElf e = TestElf.exec();
        e.load(6, 0x1010, 0x403020, 0x100, 0x100, 0x10);
        rejects(e, MALFORMED, "p_vaddr 0x403020 and p_offset 0x1010 differ in their offset"
                + " within a 4096-byte page");
    }

    @Test
    void parse_vaddrOffsetNotCongruentModAlign_isMalformed() {
        TestElf e = TestElf.exec();
        e.load(6, 0x1000, 0x403000, 0x100, 0x100, 0x200000);
        rejects(e, MALFORMED, "p_vaddr 0x403000 - p_offset 0x1000 is not a multiple of p_align"
                + " 0x200000");
    }

    @Test
    void parse_bssOnlySegment_ignoresOffsetCongruence() throws Exception {
        TestElf e = TestElf.exec();
        e.load(6, 0x123, 0x403000, 0, 0x1000, 0x1000);
        assertEquals(2, e.parse().loadSegments().size());
    }

    @Test
    void parse_descendingLoads_isMalformed() {
        TestElf e = TestElf.exec();
        e.load(6, 0x1000, 0x301000, 0x100, 0x100, 0x1000);
        rejects(e, MALFORMED, "program header 1: PT_LOAD p_vaddr 0x301000 is below that of"
                + " PT_LOAD 0 (0x400000): PT_LOAD must ascend");
    }

    @Test
    void parse_overlappingLoads_isMalformed() {
        TestElf e = TestElf.exec();
        e.load(6, 0x1000, 0x401000, 0x100, 0x100, 0x1000);
        rejects(e, MALFORMED, "program header 1: PT_LOAD at 0x401000 overlaps PT_LOAD 0"
                + " (0x400000..0x402000)");
    }

    @Test
    void parse_loadsSharingOnePage_areAccepted() throws Exception {
        TestElf e = new TestElf();
        e.load(5, 0, 0x400000, 0x1234, 0x1234, 0x1000);
        e.load(6, 0x1234, 0x401234, 0x100, 0x200, 0x1000);
        ElfFile f = e.parse();
        assertEquals(0x402000, f.spanEnd());
    }

    @Test
    void parse_vaddrPlusMemszWraps_isMalformed() {
        TestElf e = TestElf.exec();
        e.load(6, 0x1000, 0xfffffffffffff000L, 0x100, 0x2000, 0x1000);
        rejects(e, MALFORMED, "p_vaddr 0xfffffffffffff000 + p_memsz 0x2000 wraps around");
    }

    @Test
    void parse_x86EndBeyond47Bits_isMalformed() {
        TestElf e = TestElf.exec();
        e.load(6, 0x1000, 0x7ffffffff000L, 0x100, 0x1000, 0x1000);
        rejects(e, MALFORMED, "ends beyond the 47-bit user address space (0x7ffffffff000)");
    }

    @Test
    void parse_x86EndAtTaskSize_isAccepted() throws Exception {
        TestElf e = TestElf.exec();
        e.load(6, 0x1000, 0x7fffffffe000L, 0x100, 0x1000, 0x1000);
        assertEquals(0x7ffffffff000L, e.parse().spanEnd());
    }

    @Test
    void parse_aarch64Above47BitsBelow48_isAccepted_andBeyond48Rejected() throws Exception {
        TestElf ok = TestElf.exec();
        ok.machine = 183;
        ok.load(6, 0x1000, 0xfff000000000L, 0x100, 0x1000, 0x1000);
        assertEquals(0xfff000001000L, ok.parse().spanEnd());
        TestElf bad = TestElf.exec();
        bad.machine = 183;
        bad.load(6, 0x1000, 0xfffffffff000L, 0x100, 0x2000, 0x1000);
        rejects(bad, MALFORMED, "48-bit user address space (0x1000000000000)");
    }

    @Test
    void parse_absurdMemsz_isMalformed() {
        TestElf e = TestElf.exec();
        e.load(6, 0x1000, 0x403000, 0x100, 0x7fff_ffff_ffff_0000L, 0x1000);
        rejects(e, MALFORMED, "ends beyond the 47-bit");
    }

    @Test
    void parse_execLoadInPageZero_isMalformed() {
        TestElf e = new TestElf();
        e.entry = 0x1000;
        e.load(5, 0, 0, 0x2000, 0x2000, 0x1000);
        rejects(e, MALFORMED, "ET_EXEC PT_LOAD at 0x0 is below mmap_min_addr 0x10000");
    }

    @Test
    void parse_execLoadJustBelowMinAddr_isMalformed() {
        TestElf e = new TestElf();
        e.load(5, 0, 0xf000, 0x2000, 0x2000, 0x1000);
        rejects(e, MALFORMED, "below mmap_min_addr");
    }

    @Test
    void parse_dynAtZero_isAccepted() throws Exception {
        ElfFile f = TestElf.dyn().parse();
        assertEquals(ElfFile.Type.DYN, f.type());
        assertEquals(0, f.spanStart());
        assertEquals(0x40, f.phdrVaddr());
    }

    @Test
    void parse_noLoad_isMalformed() {
        TestElf e = new TestElf();
        e.phdr(ProgramHeader.PT_NOTE, 4, 0x100, 0x100, 0x10, 0x10, 4);
        rejects(e, MALFORMED, "no PT_LOAD");
    }

    @Test
    void parse_allLoadsEmpty_isMalformed() {
        TestElf e = new TestElf();
        e.load(5, 0, 0x400000, 0, 0, 0x1000);
        rejects(e, MALFORMED, "all empty");
    }

    @Test
    void parse_entryBeyondTaskSize_isMalformed() {
        TestElf e = TestElf.exec();
        e.entry = 0x800000000000L;
        rejects(e, MALFORMED, "e_entry 0x800000000000 is beyond");
    }

    @Test
    void parse_interp_isExposed() throws Exception {
        ElfFile f = TestElf.exec().interp("/lib64/ld-linux-x86-64.so.2").parse();
        assertEquals(Optional.of("/lib64/ld-linux-x86-64.so.2"), f.interpreter());
    }

    @Test
    void parse_interpWithInnerNul_isCutThere() throws Exception {
        ElfFile f = TestElf.exec().interp("/lib/ld.so\0junk").parse();
        assertEquals(Optional.of("/lib/ld.so"), f.interpreter());
    }

    @Test
    void parse_twoInterps_isMalformed() {
        TestElf e = TestElf.exec().interp("/a").interp("/b");
        rejects(e, MALFORMED, "program header 2: second PT_INTERP (the first is program header 1)");
    }

    @Test
    void parse_interpNotNulTerminated_isMalformed() {
        TestElf e = TestElf.exec();
        e.put(0x1000, "/lib/ld.so".getBytes());
        e.phdr(ProgramHeader.PT_INTERP, 4, 0x1000, 0x401000, 10, 10, 1);
        rejects(e, MALFORMED, "program header 1: PT_INTERP path is not NUL-terminated");
    }

    @Test
    void parse_interpEmpty_isMalformed() {
        TestElf e = TestElf.exec();
        e.phdr(ProgramHeader.PT_INTERP, 4, 0x1000, 0x401000, 4, 4, 1);
        rejects(e, MALFORMED, "PT_INTERP path is empty");
    }

    @Test
    void parse_interpTooShort_isMalformed() {
        TestElf e = TestElf.exec();
        e.phdr(ProgramHeader.PT_INTERP, 4, 0x1000, 0x401000, 1, 1, 1);
        rejects(e, MALFORMED, "PT_INTERP p_filesz 0x1 is not between 2 and PATH_MAX (4096)");
    }

    @Test
    void parse_interpLongerThanPathMax_isMalformed() {
        TestElf e = TestElf.exec();
        e.fileSize = 0x3000;
        e.phdr(ProgramHeader.PT_INTERP, 4, 0x1000, 0x401000, 4097, 4097, 1);
        rejects(e, MALFORMED, "p_filesz 0x1001 is not between 2 and PATH_MAX");
    }

    @Test
    void parse_interpPastEnd_isMalformed() {
        TestElf e = TestElf.exec();
        e.phdr(ProgramHeader.PT_INTERP, 4, 0x1ff0, 0x401ff0, 0x20, 0x20, 1);
        rejects(e, MALFORMED, "PT_INTERP p_offset 0x1ff0 + p_filesz 0x20 is past the end");
    }

    @Test
    void parse_gnuStack_setsExecutability() throws Exception {
        TestElf rwx = TestElf.exec();
        rwx.phdr(ProgramHeader.PT_GNU_STACK, 7, 0, 0, 0, 0, 16);
        assertTrue(rwx.parse().executableStack());
        assertEquals(ElfFile.StackExec.ENABLED, rwx.parse().stackExec());
        TestElf rw = TestElf.exec();
        rw.phdr(ProgramHeader.PT_GNU_STACK, 6, 0, 0, 0, 0, 16);
        assertEquals(ElfFile.StackExec.DISABLED, rw.parse().stackExec());
        assertFalse(rw.parse().executableStack());
    }

    @Test
    void parse_ptPhdr_agreeingWithLoad_isUsed() throws Exception {
        TestElf e = new TestElf();
        e.phdr(ProgramHeader.PT_PHDR, 4, 64, 0x400040, 112, 112, 8);
        e.load(5, 0, 0x400000, 0x2000, 0x2000, 0x1000);
        assertEquals(0x400040, e.parse().phdrVaddr());
    }

    @Test
    void parse_ptPhdr_disagreeingWithLoad_isMalformed() {
        TestElf e = new TestElf();
        e.phdr(ProgramHeader.PT_PHDR, 4, 64, 0x400080, 112, 112, 8);
        e.load(5, 0, 0x400000, 0x2000, 0x2000, 0x1000);
        rejects(e, MALFORMED, "program header 0: PT_PHDR p_vaddr 0x400080 disagrees with 0x400040");
    }

    @Test
    void parse_ptPhdrOutsideLoads_isMalformed() {
        TestElf e = new TestElf();
        e.phoff = 0x1f00;
        e.phdr(ProgramHeader.PT_PHDR, 4, 0x1f00, 0x500000, 112, 112, 8);
        e.load(5, 0, 0x400000, 0x1000, 0x1000, 0x1000);
        rejects(e, MALFORMED, "PT_PHDR p_vaddr 0x500000 is not inside any PT_LOAD");
    }

    @Test
    void parse_phdrsInNoLoad_usesPtPhdr() throws Exception {
        TestElf e = new TestElf();
        e.phoff = 0x1f00;
        e.phdr(ProgramHeader.PT_PHDR, 4, 0x1f00, 0x400800, 112, 112, 8);
        e.load(5, 0, 0x400000, 0x1000, 0x1000, 0x1000);
        assertEquals(0x400800, e.parse().phdrVaddr());
    }

    @Test
    void parse_phdrsInNoLoadAndNoPtPhdr_isMalformed() {
        TestElf e = new TestElf();
        e.phoff = 0x1f00;
        e.load(5, 0, 0x400000, 0x1000, 0x1000, 0x1000);
        rejects(e, MALFORMED, "are in no PT_LOAD and there is no PT_PHDR");
    }

    @Test
    void parse_twoPtPhdr_isMalformed() {
        TestElf e = new TestElf();
        e.phdr(ProgramHeader.PT_PHDR, 4, 64, 0x400040, 168, 168, 8);
        e.phdr(ProgramHeader.PT_PHDR, 4, 64, 0x400040, 168, 168, 8);
        e.load(5, 0, 0x400000, 0x2000, 0x2000, 0x1000);
        rejects(e, MALFORMED, "second PT_PHDR");
    }

    @Test
    void programBias_dynWithInterp_isEtDynBaseAlignedMinusVaddr() throws Exception {
        ElfFile f = TestElf.dyn().interp("/lib/ld.so").parse();
        assertEquals(OptionalLong.of(0x555555554000L), f.programBias(0));
        assertEquals(OptionalLong.of(0x555555554000L + 0x7000), f.programBias(0x7123));
        assertEquals(0xaaaaaaaaa000L, ElfFile.etDynBase(Arch.AARCH64));
        assertEquals(OptionalLong.empty(), TestElf.dyn().parse().programBias(0));
    }

    @Test
    void checkInterpreterFor_otherArch_isWrongMachine() throws Exception {
        ElfFile prog = TestElf.exec().parse();
        TestElf arm = TestElf.dyn();
        arm.machine = 183;
        ElfException e = assertThrows(ElfException.class,
                () -> arm.parse().checkInterpreterFor(prog));
        assertEquals(WRONG_MACHINE, e.kind());
        TestElf.dyn().parse().checkInterpreterFor(prog);
    }
}
