package dev.zlx.elf;

import dev.zlx.abi.Errno;
import java.util.Objects;

/**
 * A file that execve must refuse as an ELF binary, with the reason in one line. Every kind
 * makes execve fail with ENOEXEC ({@link #errno()}); {@link Kind#NOT_ELF} alone means "not this
 * format", so the kernel goes on to try {@code #!}.
 */
public final class ElfException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the file was refused. */
    public enum Kind {
        /** The file does not start with 0x7f 'E' 'L' 'F'. */
        NOT_ELF,
        /** e_ident[EI_CLASS] is not ELFCLASS64. */
        WRONG_CLASS,
        /** e_ident[EI_DATA] is not ELFDATA2LSB. */
        WRONG_ENDIAN,
        /** e_machine is neither EM_X86_64 nor EM_AARCH64 (or does not match the program). */
        WRONG_MACHINE,
        /** e_type is neither ET_EXEC nor ET_DYN (a relocatable object, a core dump...). */
        WRONG_TYPE,
        /** Anything else: a header, program header or size that is inconsistent or hostile. */
        MALFORMED
    }

    private final Kind kind;

    /** An exception of {@code kind} whose message is the one-line {@code reason}. */
    public ElfException(Kind kind, String reason) {
        super(reason, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Why the file was refused. */
    public Kind kind() {
        return kind;
    }

    /** The error execve returns for this file: always ENOEXEC, as binfmt_elf does. */
    public Errno errno() {
        return Errno.ENOEXEC;
    }
}
