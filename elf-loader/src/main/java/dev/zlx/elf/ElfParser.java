package dev.zlx.elf;

import static dev.zlx.elf.ElfException.Kind.MALFORMED;
import static dev.zlx.elf.ElfException.Kind.NOT_ELF;
import static dev.zlx.elf.ElfException.Kind.WRONG_CLASS;
import static dev.zlx.elf.ElfException.Kind.WRONG_ENDIAN;
import static dev.zlx.elf.ElfException.Kind.WRONG_MACHINE;
import static dev.zlx.elf.ElfException.Kind.WRONG_TYPE;
import static dev.zlx.elf.ProgramHeader.PT_GNU_STACK;
import static dev.zlx.elf.ProgramHeader.PT_INTERP;
import static dev.zlx.elf.ProgramHeader.PT_LOAD;
import static dev.zlx.elf.ProgramHeader.PT_PHDR;

import dev.zlx.abi.Arch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and validates an ELF64 executable the way load_elf_binary (fs/binfmt_elf.c) does before
 * it maps anything, and stricter wherever a hostile file could otherwise reach the mapping code.
 * Every check throws an {@link ElfException} with a one-line reason.
 */
final class ElfParser {
    static final int EHDR_SIZE = 64;
    static final int ELFCLASS32 = 1;
    static final int ELFCLASS64 = 2;
    static final int ELFDATA2LSB = 1;
    static final int ELFDATA2MSB = 2;
    static final int EV_CURRENT = 1;
    static final int ET_REL = 1;
    static final int ET_EXEC = 2;
    static final int ET_DYN = 3;
    static final int ET_CORE = 4;
    /** Linux reads at most this many bytes of program headers (load_elf_phdrs). */
    static final int MAX_PHDRS_BYTES = 65536;
    /** PATH_MAX: the longest PT_INTERP Linux accepts, NUL included. */
    static final int PATH_MAX = 4096;

    private final ElfSource src;
    private final long fileSize;

    private ElfParser(ElfSource src, long fileSize) {
        this.src = src;
        this.fileSize = fileSize;
    }

    static ElfFile parse(ElfSource src) throws ElfException, IOException {
        long size = src.size();
        if (size < 0) {
            throw new IOException("ElfSource reported a negative size " + size);
        }
        return new ElfParser(src, size).parse();
    }

    private ElfFile parse() throws ElfException, IOException {
        byte[] head = new byte[EHDR_SIZE];
        int got = readUpTo(0, head, EHDR_SIZE);
        if (got < 4 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') {
            throw new ElfException(NOT_ELF, "not an ELF file: no 0x7f 'E' 'L' 'F' magic");
        }
        if (got < 16) {
            throw new ElfException(MALFORMED, "file is " + got + " bytes, too short for e_ident");
        }
        int cls = head[4] & 0xff;
        if (cls != ELFCLASS64) {
            throw new ElfException(WRONG_CLASS, cls == ELFCLASS32
                    ? "ELFCLASS32 (32-bit) binaries are not supported, only ELFCLASS64"
                    : "e_ident[EI_CLASS] " + cls + " is not ELFCLASS64 (2)");
        }
        int data = head[5] & 0xff;
        if (data != ELFDATA2LSB) {
            throw new ElfException(WRONG_ENDIAN, data == ELFDATA2MSB
                    ? "ELFDATA2MSB (big-endian) binaries are not supported, only ELFDATA2LSB"
                    : "e_ident[EI_DATA] " + data + " is not ELFDATA2LSB (1)");
        }
        if ((head[6] & 0xff) != EV_CURRENT) {
            throw new ElfException(MALFORMED,
                    "e_ident[EI_VERSION] " + (head[6] & 0xff) + " is not EV_CURRENT (1)");
        }
        if (got < EHDR_SIZE) {
            throw new ElfException(MALFORMED,
                    "file is " + got + " bytes, shorter than the 64-byte ELF header");
        }
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int type = h.getShort(16) & 0xffff;
        int machine = h.getShort(18) & 0xffff;
        long version = h.getInt(20) & 0xffffffffL;
        long entry = h.getLong(24);
        long phoff = h.getLong(32);
        int ehsize = h.getShort(52) & 0xffff;
        int phentsize = h.getShort(54) & 0xffff;
        int phnum = h.getShort(56) & 0xffff;

        if (type != ET_EXEC && type != ET_DYN) {
            throw new ElfException(WRONG_TYPE, "e_type " + typeName(type)
                    + " is not an executable: only ET_EXEC (2) and ET_DYN (3) can be run");
        }
        Arch arch = Arch.ofElfMachine(machine);
        if (arch == null) {
            throw new ElfException(WRONG_MACHINE, "e_machine " + machineName(machine)
                    + " is not EM_X86_64 (62) or EM_AARCH64 (183)");
        }
        if (version != EV_CURRENT) {
            throw new ElfException(MALFORMED, "e_version " + version + " is not EV_CURRENT (1)");
        }
        if (ehsize != EHDR_SIZE) {
            throw new ElfException(MALFORMED, "e_ehsize " + ehsize + " is not 64");
        }
        if (phentsize != ProgramHeader.SIZE) {
            throw new ElfException(MALFORMED, "e_phentsize " + phentsize
                    + " is not 56 (sizeof(Elf64_Phdr))");
        }
        if (phnum == 0) {
            throw new ElfException(MALFORMED, "e_phnum is 0: no program headers");
        }
        long phBytes = (long) phnum * ProgramHeader.SIZE;
        if (phBytes > MAX_PHDRS_BYTES) {
            throw new ElfException(MALFORMED, "e_phnum " + phnum + " program headers take "
                    + phBytes + " bytes, more than Linux's limit of 65536");
        }
        if (!fits(phoff, phBytes, fileSize)) {
            throw new ElfException(MALFORMED, "program headers at e_phoff " + hex(phoff) + " + "
                    + hex(phBytes) + " bytes are past the end of the " + hex(fileSize)
                    + "-byte file");
        }
        byte[] raw = new byte[(int) phBytes];
        if (readUpTo(phoff, raw, raw.length) != raw.length) {
            throw new ElfException(MALFORMED, "short read of the program headers at " + hex(phoff));
        }
        ByteBuffer p = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        List<ProgramHeader> phdrs = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int b = i * ProgramHeader.SIZE;
            phdrs.add(new ProgramHeader(p.getInt(b), p.getInt(b + 4), p.getLong(b + 8),
                    p.getLong(b + 16), p.getLong(b + 24), p.getLong(b + 32), p.getLong(b + 40),
                    p.getLong(b + 48)));
        }

        long taskSize = ElfFile.taskSize(arch);
        int taskBits = arch == Arch.X86_64 ? 47 : 48;
        List<LoadSegment> loads = new ArrayList<>();
        String interp = null;
        int interpIndex = -1;
        int phdrIndex = -1;
        ElfFile.StackExec stack = ElfFile.StackExec.DEFAULT;
        LoadSegment prev = null;
        int prevIndex = -1;
        for (int i = 0; i < phnum; i++) {
            ProgramHeader ph = phdrs.get(i);
            switch (ph.type()) {
                case PT_LOAD -> {
                    LoadSegment seg = checkLoad(i, ph, type, taskSize, taskBits);
                    if (prev != null) {
                        if (Long.compareUnsigned(seg.vaddr(), prev.vaddr()) < 0) {
                            throw new ElfException(MALFORMED, "program header " + i
                                    + ": PT_LOAD p_vaddr " + hex(seg.vaddr())
                                    + " is below that of PT_LOAD " + prevIndex + " ("
                                    + hex(prev.vaddr()) + "): PT_LOAD must ascend");
                        }
                        if (Long.compareUnsigned(seg.vaddr(), prev.end()) < 0) {
                            throw new ElfException(MALFORMED, "program header " + i
                                    + ": PT_LOAD at " + hex(seg.vaddr())
                                    + " overlaps PT_LOAD " + prevIndex + " ("
                                    + hex(prev.vaddr()) + ".." + hex(prev.end()) + ")");
                        }
                    }
                    loads.add(seg);
                    prev = seg;
                    prevIndex = i;
                }
                case PT_INTERP -> {
                    if (interpIndex >= 0) {
                        throw new ElfException(MALFORMED, "program header " + i
                                + ": second PT_INTERP (the first is program header "
                                + interpIndex + ")");
                    }
                    interpIndex = i;
                    interp = readInterp(i, ph);
                }
                case PT_GNU_STACK -> stack = (ph.flags() & ProgramHeader.PF_X) != 0
                        ? ElfFile.StackExec.ENABLED : ElfFile.StackExec.DISABLED;
                case PT_PHDR -> {
                    if (phdrIndex >= 0) {
                        throw new ElfException(MALFORMED, "program header " + i
                                + ": second PT_PHDR (the first is program header "
                                + phdrIndex + ")");
                    }
                    phdrIndex = i;
                }
                default -> { }
            }
        }
        if (loads.isEmpty()) {
            throw new ElfException(MALFORMED, "no PT_LOAD program header: nothing to load");
        }
        long spanStart = ElfFile.pageDown(loads.getFirst().vaddr());
        long spanEnd = ElfFile.pageUp(loads.getLast().end());
        if (spanEnd == spanStart) {
            throw new ElfException(MALFORMED, "PT_LOAD segments are all empty (p_memsz 0)");
        }
        if (Long.compareUnsigned(entry, taskSize) >= 0) {
            throw new ElfException(MALFORMED, "e_entry " + hex(entry) + " is beyond the "
                    + taskBits + "-bit user address space (" + hex(taskSize) + ")");
        }
        long phdrVaddr = phdrVaddr(phoff, phBytes, loads, phdrIndex < 0 ? null
                : phdrs.get(phdrIndex), phdrIndex);
        return new ElfFile(arch, type == ET_EXEC ? ElfFile.Type.EXEC : ElfFile.Type.DYN, entry,
                phoff, phentsize, phnum, phdrs, loads, Optional.ofNullable(interp), stack,
                phdrVaddr, spanStart, spanEnd, fileSize);
    }

    private LoadSegment checkLoad(int i, ProgramHeader ph, int type, long taskSize, int taskBits)
            throws ElfException {
        String at = "program header " + i + ": ";
        long align = ph.align();
        if (align != 0 && Long.bitCount(align) != 1) {
            throw new ElfException(MALFORMED, at + "PT_LOAD p_align " + hex(align)
                    + " is not a power of two");
        }
        // A segment with no file part (a lone .bss, as ld makes for a program without data)
        // reads nothing, so its p_offset may point anywhere, as Linux lets it.
        if (ph.filesz() != 0 && !fits(ph.offset(), ph.filesz(), fileSize)) {
            throw new ElfException(MALFORMED, at + "p_offset " + hex(ph.offset()) + " + p_filesz "
                    + hex(ph.filesz()) + " is past the end of the " + hex(fileSize)
                    + "-byte file");
        }
        if (Long.compareUnsigned(ph.filesz(), ph.memsz()) > 0) {
            throw new ElfException(MALFORMED, at + "p_filesz " + hex(ph.filesz())
                    + " is larger than p_memsz " + hex(ph.memsz()));
        }
        long end = ph.vaddr() + ph.memsz();
        if (Long.compareUnsigned(end, ph.vaddr()) < 0) {
            throw new ElfException(MALFORMED, at + "p_vaddr " + hex(ph.vaddr()) + " + p_memsz "
                    + hex(ph.memsz()) + " wraps around the 64-bit address space");
        }
        if (Long.compareUnsigned(end, taskSize) > 0) {
            throw new ElfException(MALFORMED, at + "p_vaddr " + hex(ph.vaddr()) + " + p_memsz "
                    + hex(ph.memsz()) + " ends beyond the " + taskBits
                    + "-bit user address space (" + hex(taskSize) + ")");
        }
        if (ph.filesz() != 0) {
            long skew = ph.vaddr() - ph.offset();
            if ((skew & (ElfFile.PAGE_SIZE - 1)) != 0) {
                throw new ElfException(MALFORMED, at + "p_vaddr " + hex(ph.vaddr())
                        + " and p_offset " + hex(ph.offset())
                        + " differ in their offset within a 4096-byte page");
            }
            if (align > 1 && (skew & (align - 1)) != 0) {
                throw new ElfException(MALFORMED, at + "p_vaddr " + hex(ph.vaddr())
                        + " - p_offset " + hex(ph.offset()) + " is not a multiple of p_align "
                        + hex(align));
            }
        }
        if (type == ET_EXEC && ph.memsz() != 0
                && Long.compareUnsigned(ph.vaddr(), ElfFile.MMAP_MIN_ADDR) < 0) {
            throw new ElfException(MALFORMED, at + "ET_EXEC PT_LOAD at " + hex(ph.vaddr())
                    + " is below mmap_min_addr " + hex(ElfFile.MMAP_MIN_ADDR));
        }
        return new LoadSegment(ph.vaddr(), ph.memsz(), ph.offset(), ph.filesz(), ph.prot(), align);
    }

    private String readInterp(int i, ProgramHeader ph) throws ElfException, IOException {
        String at = "program header " + i + ": PT_INTERP ";
        if (Long.compareUnsigned(ph.filesz(), 2) < 0
                || Long.compareUnsigned(ph.filesz(), PATH_MAX) > 0) {
            throw new ElfException(MALFORMED, at + "p_filesz " + hex(ph.filesz())
                    + " is not between 2 and PATH_MAX (4096)");
        }
        if (!fits(ph.offset(), ph.filesz(), fileSize)) {
            throw new ElfException(MALFORMED, at + "p_offset " + hex(ph.offset()) + " + p_filesz "
                    + hex(ph.filesz()) + " is past the end of the " + hex(fileSize)
                    + "-byte file");
        }
        byte[] s = new byte[(int) ph.filesz()];
        if (readUpTo(ph.offset(), s, s.length) != s.length) {
            throw new ElfException(MALFORMED, at + "short read at " + hex(ph.offset()));
        }
        if (s[s.length - 1] != 0) {
            throw new ElfException(MALFORMED, at + "path is not NUL-terminated");
        }
        int len = 0;
        while (s[len] != 0) {
            len++;
        }
        if (len == 0) {
            throw new ElfException(MALFORMED, at + "path is empty");
        }
        return new String(s, 0, len, StandardCharsets.UTF_8);
    }

    /**
     * Where the program headers are in memory (bias 0): like Linux since 5.18, the PT_LOAD whose
     * file part holds them; failing that, PT_PHDR's p_vaddr. A PT_PHDR that disagrees with the
     * PT_LOAD would give glibc a wrong load bias, so it is refused.
     */
    private static long phdrVaddr(long phoff, long phBytes, List<LoadSegment> loads,
            ProgramHeader phdr, int phdrIndex) throws ElfException {
        Long fromLoad = null;
        for (LoadSegment s : loads) {
            if (Long.compareUnsigned(s.offset(), phoff) <= 0
                    && Long.compareUnsigned(phoff - s.offset(), s.filesz()) < 0
                    && Long.compareUnsigned(phBytes, s.filesz() - (phoff - s.offset())) <= 0) {
                fromLoad = s.vaddr() + (phoff - s.offset());
                break;
            }
        }
        if (phdr != null) {
            if (fromLoad != null && fromLoad != phdr.vaddr()) {
                throw new ElfException(MALFORMED, "program header " + phdrIndex + ": PT_PHDR p_vaddr "
                        + hex(phdr.vaddr()) + " disagrees with " + hex(fromLoad)
                        + ", where a PT_LOAD maps e_phoff");
            }
            boolean covered = false;
            for (LoadSegment s : loads) {
                if (Long.compareUnsigned(s.vaddr(), phdr.vaddr()) <= 0
                        && Long.compareUnsigned(phdr.vaddr() - s.vaddr(), s.memsz()) < 0
                        && Long.compareUnsigned(phBytes, s.memsz() - (phdr.vaddr() - s.vaddr())) <= 0) {
                    covered = true;
                }
            }
            if (!covered) {
                throw new ElfException(MALFORMED, "program header " + phdrIndex + ": PT_PHDR p_vaddr "
                        + hex(phdr.vaddr()) + " is not inside any PT_LOAD");
            }
            return phdr.vaddr();
        }
        if (fromLoad == null) {
            throw new ElfException(MALFORMED, "program headers at e_phoff " + hex(phoff)
                    + " are in no PT_LOAD and there is no PT_PHDR: AT_PHDR would be unknown");
        }
        return fromLoad;
    }

    private int readUpTo(long offset, byte[] dst, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = src.read(offset + done, dst, done, len - done);
            if (n <= 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    /** True if {@code [off, off+len)} (unsigned) lies inside a file of {@code size} bytes. */
    static boolean fits(long off, long len, long size) {
        return Long.compareUnsigned(off, size) <= 0 && Long.compareUnsigned(len, size - off) <= 0;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0 -> "ET_NONE (0)";
            case ET_REL -> "ET_REL (1, relocatable object)";
            case ET_CORE -> "ET_CORE (4, core dump)";
            default -> String.valueOf(type);
        };
    }

    private static String machineName(int machine) {
        return switch (machine) {
            case 3 -> "EM_386 (3)";
            case 8 -> "EM_MIPS (8)";
            case 20 -> "EM_PPC (20)";
            case 21 -> "EM_PPC64 (21)";
            case 22 -> "EM_S390 (22)";
            case 40 -> "EM_ARM (40)";
            case 43 -> "EM_SPARCV9 (43)";
            case 243 -> "EM_RISCV (243)";
            case 258 -> "EM_LOONGARCH (258)";
            default -> String.valueOf(machine);
        };
    }
}
