package dev.zlx.elf;

/**
 * One operation of loading an ELF image, as {@link ElfFile#mapSteps(long)} lists them. The kernel
 * performs the steps in order; like Linux's MAP_FIXED, a later mapping replaces whatever an
 * earlier step put on the same pages. All addresses already include the load bias.
 */
public sealed interface MapStep {

    /** The first address the step touches. */
    long start();

    /** How many bytes it touches. */
    long length();

    /**
     * Map {@code [start, start+length)} (whole pages) with {@code prot}, a private copy of the
     * file: the first {@code fileLength} bytes come from the file at {@code fileOffset}; the rest
     * of the range (past the end of the file, inside the last page) reads as zero.
     */
    record MapFile(long start, long length, int prot, long fileOffset, long fileLength)
            implements MapStep {}

    /**
     * Write zeros over {@code [start, start+length)}, inside the last page mapped from the file:
     * Linux's padzero, which clears from the end of p_filesz to the end of its page. Emitted only
     * for writable segments, since Linux's clear_user fails and is ignored on a read-only one.
     */
    record ZeroFill(long start, long length) implements MapStep {}

    /**
     * Map anonymous zero pages {@code [start, start+length)} (whole pages) for the bss beyond the
     * last file page. Linux does this with vm_brk_flags, so the pages are readable and writable
     * whatever the segment says, and executable when the segment is.
     */
    record MapAnonymous(long start, long length, int prot) implements MapStep {}
}
