package dev.zlx.elf;

/**
 * One Elf64_Phdr as it is in the file (values unsigned, held in signed longs).
 *
 * @param type p_type (PT_LOAD = 1, PT_INTERP = 3...)
 * @param flags p_flags (PF_X = 1, PF_W = 2, PF_R = 4)
 */
public record ProgramHeader(int type, int flags, long offset, long vaddr, long paddr, long filesz,
        long memsz, long align) {
    /** Unused entry. */
    public static final int PT_NULL = 0;
    /** Loadable segment. */
    public static final int PT_LOAD = 1;
    /** Dynamic linking information. */
    public static final int PT_DYNAMIC = 2;
    /** Path of the program interpreter. */
    public static final int PT_INTERP = 3;
    /** Notes. */
    public static final int PT_NOTE = 4;
    /** Reserved. */
    public static final int PT_SHLIB = 5;
    /** The program header table itself. */
    public static final int PT_PHDR = 6;
    /** Thread-local storage template. */
    public static final int PT_TLS = 7;
    /** GNU: location of .eh_frame_hdr. */
    public static final int PT_GNU_EH_FRAME = 0x6474e550;
    /** GNU: stack executability (its PF_X flag). */
    public static final int PT_GNU_STACK = 0x6474e551;
    /** GNU: read-only after relocation. */
    public static final int PT_GNU_RELRO = 0x6474e552;
    /** GNU: .note.gnu.property (arm64 BTI, x86 IBT/SHSTK). */
    public static final int PT_GNU_PROPERTY = 0x6474e553;

    /** Segment is executable. */
    public static final int PF_X = 1;
    /** Segment is writable. */
    public static final int PF_W = 2;
    /** Segment is readable. */
    public static final int PF_R = 4;

    /** Size of an Elf64_Phdr in bytes. */
    public static final int SIZE = 56;

    /** The Linux PROT_* bits of {@link #flags()}: PROT_READ 1, PROT_WRITE 2, PROT_EXEC 4. */
    public int prot() {
        return ((flags & PF_R) != 0 ? LoadSegment.PROT_READ : 0)
                | ((flags & PF_W) != 0 ? LoadSegment.PROT_WRITE : 0)
                | ((flags & PF_X) != 0 ? LoadSegment.PROT_EXEC : 0);
    }
}
