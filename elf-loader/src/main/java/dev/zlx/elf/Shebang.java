package dev.zlx.elf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code #!} line of a script, parsed exactly as Linux's load_script (fs/binfmt_script.c,
 * 5.1 and later) parses the first {@link #BINPRM_BUF_SIZE} bytes of the file.
 *
 * <p>After {@code #!} and any spaces and tabs comes the interpreter path, which ends at a space,
 * tab or NUL; everything after the following spaces and tabs, up to the newline, with trailing
 * spaces and tabs removed, is one single optional argument (inner spaces kept). Only space and
 * tab are blanks: a {@code '\r'} is part of the name or argument. Without a newline in the
 * buffer, the line is accepted if the interpreter path ends inside it (the argument may then be
 * cut, as Linux allows), else it is refused. Paths and argument are decoded as UTF-8.
 *
 * @param interpreter the interpreter path, as written (relative paths stay relative)
 * @param argument the optional single argument
 */
public record Shebang(String interpreter, Optional<String> argument) {
    /** BINPRM_BUF_SIZE: how many bytes of the file Linux reads to decide its format. */
    public static final int BINPRM_BUF_SIZE = 256;

    /**
     * How many times one execve may replace the file by an interpreter (a {@code #!} line or
     * binfmt_misc) before failing with ELOOP: exec_binprm stops at depth &gt; 5, so the file given
     * to execve may go through 5 interpreters and the 6th rewrite fails. (The kernel's comment says
     * "4 levels"; the code allows 5.) An ELF interpreter (PT_INTERP) is not a rewrite.
     */
    public static final int MAX_INTERPRETER_REWRITES = 5;

    public Shebang {
        Objects.requireNonNull(interpreter, "interpreter");
        Objects.requireNonNull(argument, "argument");
    }

    /**
     * Parses the head of a file.
     *
     * @param head the first bytes of the file
     * @param len how many bytes of {@code head} are valid (the file may be shorter than the
     *     buffer); only the first {@link #BINPRM_BUF_SIZE} are looked at, the rest count as NUL
     * @return empty if the file does not start with {@code #!} (not a script)
     * @throws ScriptException if it starts with {@code #!} but Linux would refuse the line
     */
    public static Optional<Shebang> parse(byte[] head, int len) throws ScriptException {
        Objects.checkFromIndexSize(0, len, head.length);
        // buf mirrors bprm->buf: BINPRM_BUF_SIZE bytes, NUL-padded, plus one spare slot.
        byte[] buf = new byte[BINPRM_BUF_SIZE + 1];
        System.arraycopy(head, 0, buf, 0, Math.min(len, BINPRM_BUF_SIZE));
        if (buf[0] != '#' || buf[1] != '!') {
            return Optional.empty();
        }
        int bufEnd = BINPRM_BUF_SIZE - 1;
        int end = newline(buf);
        if (end < 0) {
            end = nextNonBlank(buf, 2, bufEnd);
            if (end < 0) {
                throw new ScriptException("#! line has only spaces and tabs");
            }
            if (nextTerminator(buf, end, bufEnd) < 0) {
                throw new ScriptException("#! interpreter path does not end within the first "
                        + BINPRM_BUF_SIZE + " bytes of the file");
            }
            end = bufEnd;
        }
        while (blank(buf[end - 1])) {
            end--;
        }
        int name = nextNonBlank(buf, 2, end);
        if (name < 0 || name == end) {
            throw new ScriptException("#! line names no interpreter");
        }
        int arg = -1;
        int sep = nextTerminator(buf, name, end);
        if (sep >= 0 && buf[sep] != 0) {
            arg = nextNonBlank(buf, sep, end);
        }
        buf[end] = 0;
        if (arg >= 0) {
            buf[sep] = 0;
        }
        return Optional.of(new Shebang(cString(buf, name),
                arg >= 0 ? Optional.of(cString(buf, arg)) : Optional.empty()));
    }

    /**
     * The argument list the interpreter runs with: the interpreter path, the optional argument,
     * the script's path as given to execve, then the original argv without its argv[0]
     * (load_script's remove_arg_zero; an empty argv has nothing to remove).
     */
    public List<String> interpreterArgv(String scriptPath, List<String> argv) {
        List<String> out = new ArrayList<>(argv.size() + 2);
        out.add(interpreter);
        argument.ifPresent(out::add);
        out.add(Objects.requireNonNull(scriptPath, "scriptPath"));
        if (argv.size() > 1) {
            out.addAll(argv.subList(1, argv.size()));
        }
        return List.copyOf(out);
    }

    private static boolean blank(byte c) {
        return c == ' ' || c == '\t';
    }

    /** strnchr(buf, BINPRM_BUF_SIZE, '\n'): stops at the first NUL. */
    private static int newline(byte[] buf) {
        for (int i = 0; i < BINPRM_BUF_SIZE && buf[i] != 0; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int nextNonBlank(byte[] buf, int first, int last) {
        for (int i = first; i <= last; i++) {
            if (!blank(buf[i])) {
                return i;
            }
        }
        return -1;
    }

    private static int nextTerminator(byte[] buf, int first, int last) {
        for (int i = first; i <= last; i++) {
            if (blank(buf[i]) || buf[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String cString(byte[] buf, int from) {
        int to = from;
        while (buf[to] != 0) {
            to++;
        }
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }
}
