package dev.zlx.elf;

/**
 * A PT_LOAD segment, relative to load bias 0 and validated by {@link ElfFile#parse}.
 *
 * @param vaddr p_vaddr
 * @param memsz p_memsz, at least {@code filesz}
 * @param offset p_offset; {@code offset + filesz} lies inside the file
 * @param filesz p_filesz
 * @param prot the Linux PROT_* bits from p_flags ({@link #PROT_READ}, {@link #PROT_WRITE},
 *     {@link #PROT_EXEC})
 * @param align p_align: 0, 1 or a power of two
 */
public record LoadSegment(long vaddr, long memsz, long offset, long filesz, int prot, long align) {
    /** PROT_READ of asm-generic/mman-common.h. */
    public static final int PROT_READ = 1;
    /** PROT_WRITE of asm-generic/mman-common.h. */
    public static final int PROT_WRITE = 2;
    /** PROT_EXEC of asm-generic/mman-common.h. */
    public static final int PROT_EXEC = 4;

    /** The first address after the segment in memory: {@code vaddr + memsz}. */
    public long end() {
        return vaddr + memsz;
    }
}
