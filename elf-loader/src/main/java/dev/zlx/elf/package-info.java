/**
 * ELF64 executables as Linux's fs/binfmt_elf.c sees them, {@code #!} scripts as
 * fs/binfmt_script.c sees them, and the initial process stack of create_elf_tables.
 *
 * <p>Everything here is a pure function of its input: the module parses, validates and
 * computes, and the kernel maps memory and writes the stack. The flow of an execve:
 * read the first {@link Shebang#BINPRM_BUF_SIZE} bytes; {@link Shebang#parse} a script or
 * {@link ElfFile#parse} a binary (an {@link ElfException} of kind NOT_ELF means "try the next
 * format"); parse the {@link ElfFile#interpreter() interpreter} the same way; pick load biases
 * and perform {@link ElfFile#mapSteps(long)} for both; build the {@link InitialStack}.
 *
 * <p>No class holds mutable shared state; all public types are immutable and thread-safe.
 */
package dev.zlx.elf;
