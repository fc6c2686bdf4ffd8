package dev.zlx.elf;

import static dev.zlx.elf.ElfParser.hex;

import dev.zlx.abi.Arch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A validated ELF64 executable or shared object (the program or its interpreter), immutable.
 * Addresses are relative to load bias 0; {@link #mapSteps(long)} adds a bias and says what to map.
 * Numbers from the file are unsigned 64-bit values held in longs.
 */
public final class ElfFile {
    /** The page size zlx gives guests on both architectures. */
    public static final long PAGE_SIZE = 4096;
    /** Linux's default vm.mmap_min_addr: nothing may be mapped below it. */
    public static final long MMAP_MIN_ADDR = 65536;

    /** e_type of a runnable file. */
    public enum Type {
        /** ET_EXEC: loaded at its link addresses (bias 0). */
        EXEC,
        /** ET_DYN: position-independent, loaded at a bias the kernel picks. */
        DYN
    }

    /** The stack executability requested by PT_GNU_STACK (Linux's EXSTACK_* values). */
    public enum StackExec {
        /** No PT_GNU_STACK: the architecture's default (x86-64: executable; arm64: not). */
        DEFAULT,
        /** PT_GNU_STACK without PF_X. */
        DISABLED,
        /** PT_GNU_STACK with PF_X. */
        ENABLED
    }

    private final Arch arch;
    private final Type type;
    private final long entry;
    private final long phoff;
    private final int phentsize;
    private final int phnum;
    private final List<ProgramHeader> programHeaders;
    private final List<LoadSegment> loadSegments;
    private final Optional<String> interpreter;
    private final StackExec stackExec;
    private final long phdrVaddr;
    private final long spanStart;
    private final long spanEnd;
    private final long fileSize;

    ElfFile(Arch arch, Type type, long entry, long phoff, int phentsize, int phnum,
            List<ProgramHeader> programHeaders, List<LoadSegment> loadSegments,
            Optional<String> interpreter, StackExec stackExec, long phdrVaddr, long spanStart,
            long spanEnd, long fileSize) {
        this.arch = arch;
        this.type = type;
        this.entry = entry;
        this.phoff = phoff;
        this.phentsize = phentsize;
        this.phnum = phnum;
        this.programHeaders = List.copyOf(programHeaders);
        this.loadSegments = List.copyOf(loadSegments);
        this.interpreter = interpreter;
        this.stackExec = stackExec;
        this.phdrVaddr = phdrVaddr;
        this.spanStart = spanStart;
        this.spanEnd = spanEnd;
        this.fileSize = fileSize;
    }

    /**
     * Reads and validates the file: the ELF header, every program header, PT_INTERP. Nothing is
     * mapped; a file accepted here can be loaded with {@link #mapSteps(long)}.
     *
     * @throws ElfException if the file is not an ELF64 executable zlx can run, with the reason
     * @throws IOException if the source fails to read
     */
    public static ElfFile parse(ElfSource source) throws ElfException, IOException {
        return ElfParser.parse(Objects.requireNonNull(source, "source"));
    }

    /** TASK_SIZE: the end of the user address space (x86-64: 2^47 - 4096; arm64: 2^48). */
    public static long taskSize(Arch arch) {
        return switch (arch) {
            case X86_64 -> (1L << 47) - PAGE_SIZE;
            case AARCH64 -> 1L << 48;
        };
    }

    /** ELF_ET_DYN_BASE: where Linux puts a PIE that has an interpreter, before randomization. */
    public static long etDynBase(Arch arch) {
        return switch (arch) {
            case X86_64 -> pageDown(taskSize(arch) / 3 * 2);
            case AARCH64 -> pageDown(2 * taskSize(arch) / 3);
        };
    }

    /** The architecture, from e_machine. */
    public Arch arch() {
        return arch;
    }

    /** ET_EXEC or ET_DYN. */
    public Type type() {
        return type;
    }

    /** e_entry, at bias 0. */
    public long entry() {
        return entry;
    }

    /** e_phoff: the file offset of the program headers. */
    public long phoff() {
        return phoff;
    }

    /** e_phentsize: always 56 (AT_PHENT). */
    public int phentsize() {
        return phentsize;
    }

    /** e_phnum (AT_PHNUM). */
    public int phnum() {
        return phnum;
    }

    /** Every program header, in file order. */
    public List<ProgramHeader> programHeaders() {
        return programHeaders;
    }

    /** The PT_LOAD segments in file order, which is ascending p_vaddr; never empty. */
    public List<LoadSegment> loadSegments() {
        return loadSegments;
    }

    /** The path in PT_INTERP (up to its first NUL, decoded as UTF-8), if there is one. */
    public Optional<String> interpreter() {
        return interpreter;
    }

    /** What PT_GNU_STACK asks for (the last one wins, as in Linux). */
    public StackExec stackExec() {
        return stackExec;
    }

    /** True if PT_GNU_STACK has PF_X (Linux's EXSTACK_ENABLE_X). */
    public boolean executableStack() {
        return stackExec == StackExec.ENABLED;
    }

    /** Where the program headers are in memory at bias 0: AT_PHDR minus the bias. */
    public long phdrVaddr() {
        return phdrVaddr;
    }

    /** The first page of the image at bias 0: the first PT_LOAD's p_vaddr rounded down. */
    public long spanStart() {
        return spanStart;
    }

    /** The end of the image at bias 0, rounded up to a page; the brk area starts here. */
    public long spanEnd() {
        return spanEnd;
    }

    /** The size of the file that was parsed. */
    public long fileSize() {
        return fileSize;
    }

    /** The largest power-of-two PT_LOAD p_align, at least a page (Linux's maximum_alignment). */
    public long maxAlignment() {
        long a = 0;
        for (LoadSegment s : loadSegments) {
            if (Long.bitCount(s.align()) == 1 && s.align() > a) {
                a = s.align();
            }
        }
        return Math.max(pageUp(a), PAGE_SIZE);
    }

    /**
     * The load bias Linux's load_elf_binary picks for this file as the program: 0 for ET_EXEC;
     * for an ET_DYN with an interpreter, ELF_ET_DYN_BASE plus {@code random} (arch_mmap_rnd,
     * 0 without ASLR), aligned down to {@link #maxAlignment()}, minus the first p_vaddr. Empty
     * for an ET_DYN without interpreter (static PIE, ld.so run directly), which Linux places
     * where mmap would put {@code spanEnd - spanStart} bytes aligned to maxAlignment.
     */
    public OptionalLong programBias(long random) {
        if (type == Type.EXEC) {
            return OptionalLong.of(0);
        }
        if (interpreter.isEmpty()) {
            return OptionalLong.empty();
        }
        long base = (etDynBase(arch) + random) & -maxAlignment();
        return OptionalLong.of(pageDown(base - loadSegments.getFirst().vaddr()));
    }

    /**
     * Checks that {@code this}, loaded as the interpreter of {@code program}, can run with it:
     * the same architecture. (Linux ignores an interpreter's own PT_INTERP, and so does zlx.)
     *
     * @throws ElfException of kind WRONG_MACHINE if the architectures differ
     */
    public void checkInterpreterFor(ElfFile program) throws ElfException {
        if (program.arch != arch) {
            throw new ElfException(ElfException.Kind.WRONG_MACHINE, "interpreter is "
                    + arch.cliName() + " but the program is " + program.arch.cliName());
        }
    }

    /**
     * The page-aligned operations that load this image at {@code bias}, in the order Linux's
     * elf_load performs them for each PT_LOAD: map the file pages (from the page holding p_vaddr
     * to the end of p_filesz), zero the rest of the last file page if the segment is writable and
     * has bss (padzero), map anonymous pages for the rest of p_memsz. Two segments may share one
     * page at their boundary; as in Linux the later segment's file mapping then replaces that page.
     *
     * @param bias the load bias: a multiple of the page size; 0 for ET_EXEC
     * @throws IllegalArgumentException if the bias is unaligned, not 0 for ET_EXEC, or puts the
     *     image outside the user address space
     */
    public List<MapStep> mapSteps(long bias) {
        if ((bias & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("load bias " + hex(bias) + " is not page-aligned");
        }
        if (type == Type.EXEC && bias != 0) {
            throw new IllegalArgumentException("ET_EXEC loads at bias 0, not " + hex(bias));
        }
        long lo = bias + spanStart;
        long hi = bias + spanEnd;
        if (Long.compareUnsigned(lo, hi) >= 0 || Long.compareUnsigned(hi, taskSize(arch)) > 0) {
            throw new IllegalArgumentException("load bias " + hex(bias) + " puts the image at "
                    + hex(lo) + ".." + hex(hi) + ", outside the user address space");
        }
        List<MapStep> steps = new ArrayList<>();
        for (LoadSegment s : loadSegments) {
            long addr = bias + s.vaddr();
            long inPage = addr & (PAGE_SIZE - 1);
            long zeroStart;
            long zeroEnd = addr + s.memsz();
            if (s.filesz() != 0) {
                long length = pageUp(inPage + s.filesz());
                long fileOffset = s.offset() - inPage;
                long fileLength = Math.min(length, fileSize - fileOffset);
                steps.add(new MapStep.MapFile(addr - inPage, length, s.prot(), fileOffset,
                        fileLength));
                zeroStart = addr + s.filesz();
                long tail = pageUp(zeroStart) - zeroStart;
                if (s.memsz() != s.filesz() && tail != 0
                        && (s.prot() & LoadSegment.PROT_WRITE) != 0) {
                    steps.add(new MapStep.ZeroFill(zeroStart, tail));
                }
            } else {
                zeroStart = addr - inPage;
            }
            if (s.memsz() != s.filesz()) {
                long from = pageUp(zeroStart);
                long to = pageUp(zeroEnd);
                if (to > from) {
                    int prot = LoadSegment.PROT_READ | LoadSegment.PROT_WRITE
                            | (s.prot() & LoadSegment.PROT_EXEC);
                    steps.add(new MapStep.MapAnonymous(from, to - from, prot));
                }
            }
        }
        return List.copyOf(steps);
    }

    static long pageDown(long a) {
        return a & -PAGE_SIZE;
    }

    static long pageUp(long a) {
        return (a + PAGE_SIZE - 1) & -PAGE_SIZE;
    }

    @Override
    public String toString() {
        return "ElfFile[" + arch.cliName() + " " + type + ", entry " + hex(entry) + ", "
                + loadSegments.size() + " PT_LOAD, span " + hex(spanStart) + ".." + hex(spanEnd)
                + interpreter.map(i -> ", interpreter " + i).orElse("") + "]";
    }
}
