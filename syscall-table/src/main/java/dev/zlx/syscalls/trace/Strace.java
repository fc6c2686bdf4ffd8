package dev.zlx.syscalls.trace;

import dev.zlx.abi.Arch;
import dev.zlx.abi.ArchPrctl;
import dev.zlx.abi.Clocks;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Ioctls;
import dev.zlx.abi.Mman;
import dev.zlx.abi.OpenFlags;
import dev.zlx.abi.Resource;
import dev.zlx.abi.Signals;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.GuestMemoryFault;
import dev.zlx.kernel.UserMemory;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Prints syscalls the way strace(1) does: {@code name(args) = result}, with paths and buffers
 * quoted, flags by name, and errors as {@code -1 ENOENT (No such file or directory)}. Buffers
 * show at most {@value #STRING_LIMIT} bytes, like strace's default -s 32.
 */
public final class Strace {
    private static final int STRING_LIMIT = 32;

    private static final FlagNames OPEN = new FlagNames()
            .add("O_WRONLY", Fcntl.O_WRONLY).add("O_RDWR", Fcntl.O_RDWR).add("O_CREAT", Fcntl.O_CREAT)
            .add("O_EXCL", Fcntl.O_EXCL).add("O_NOCTTY", Fcntl.O_NOCTTY).add("O_TRUNC", Fcntl.O_TRUNC)
            .add("O_APPEND", Fcntl.O_APPEND).add("O_NONBLOCK", Fcntl.O_NONBLOCK).add("O_SYNC", Fcntl.O_SYNC)
            .add("O_DSYNC", Fcntl.O_DSYNC).add("O_DIRECT", Fcntl.O_DIRECT).add("O_LARGEFILE", Fcntl.O_LARGEFILE)
            .add("O_DIRECTORY", Fcntl.O_DIRECTORY).add("O_NOFOLLOW", Fcntl.O_NOFOLLOW)
            .add("O_NOATIME", Fcntl.O_NOATIME).add("O_CLOEXEC", Fcntl.O_CLOEXEC).add("O_PATH", Fcntl.O_PATH);
    private static final FlagNames PROTS = new FlagNames()
            .add("PROT_READ", Mman.PROT_READ).add("PROT_WRITE", Mman.PROT_WRITE).add("PROT_EXEC", Mman.PROT_EXEC);
    private static final FlagNames MAPS = new FlagNames()
            .add("MAP_SHARED", Mman.MAP_SHARED).add("MAP_PRIVATE", Mman.MAP_PRIVATE).add("MAP_FIXED", Mman.MAP_FIXED)
            .add("MAP_ANONYMOUS", Mman.MAP_ANONYMOUS).add("MAP_GROWSDOWN", Mman.MAP_GROWSDOWN)
            .add("MAP_DENYWRITE", Mman.MAP_DENYWRITE).add("MAP_NORESERVE", Mman.MAP_NORESERVE)
            .add("MAP_POPULATE", Mman.MAP_POPULATE).add("MAP_STACK", Mman.MAP_STACK)
            .add("MAP_FIXED_NOREPLACE", Mman.MAP_FIXED_NOREPLACE);
    private static final FlagNames AT = new FlagNames()
            .add("AT_SYMLINK_NOFOLLOW", Fcntl.AT_SYMLINK_NOFOLLOW).add("AT_REMOVEDIR", Fcntl.AT_REMOVEDIR)
            .add("AT_SYMLINK_FOLLOW", Fcntl.AT_SYMLINK_FOLLOW).add("AT_NO_AUTOMOUNT", Fcntl.AT_NO_AUTOMOUNT)
            .add("AT_EMPTY_PATH", Fcntl.AT_EMPTY_PATH);
    private static final FlagNames HOW = new FlagNames()
            .add("SIG_BLOCK", Signals.SIG_BLOCK).add("SIG_UNBLOCK", Signals.SIG_UNBLOCK)
            .add("SIG_SETMASK", Signals.SIG_SETMASK);
    private static final FlagNames CLOCKS = new FlagNames()
            .add("CLOCK_REALTIME", Clocks.CLOCK_REALTIME).add("CLOCK_MONOTONIC", Clocks.CLOCK_MONOTONIC)
            .add("CLOCK_PROCESS_CPUTIME_ID", Clocks.CLOCK_PROCESS_CPUTIME_ID)
            .add("CLOCK_THREAD_CPUTIME_ID", Clocks.CLOCK_THREAD_CPUTIME_ID)
            .add("CLOCK_MONOTONIC_RAW", Clocks.CLOCK_MONOTONIC_RAW)
            .add("CLOCK_REALTIME_COARSE", Clocks.CLOCK_REALTIME_COARSE)
            .add("CLOCK_MONOTONIC_COARSE", Clocks.CLOCK_MONOTONIC_COARSE)
            .add("CLOCK_BOOTTIME", Clocks.CLOCK_BOOTTIME);
    private static final FlagNames WHENCES = new FlagNames()
            .add("SEEK_SET", Fcntl.SEEK_SET).add("SEEK_CUR", Fcntl.SEEK_CUR).add("SEEK_END", Fcntl.SEEK_END)
            .add("SEEK_DATA", Fcntl.SEEK_DATA).add("SEEK_HOLE", Fcntl.SEEK_HOLE);
    private static final FlagNames IOCTLS = new FlagNames()
            .add("TCGETS", Ioctls.TCGETS).add("TCSETS", Ioctls.TCSETS).add("TCSETSW", Ioctls.TCSETSW)
            .add("TCSETSF", Ioctls.TCSETSF).add("TIOCGWINSZ", Ioctls.TIOCGWINSZ)
            .add("TIOCSWINSZ", Ioctls.TIOCSWINSZ).add("TIOCGPGRP", Ioctls.TIOCGPGRP)
            .add("TIOCSPGRP", Ioctls.TIOCSPGRP).add("FIONREAD", Ioctls.FIONREAD).add("FIONBIO", Ioctls.FIONBIO)
            .add("FIOCLEX", Ioctls.FIOCLEX).add("FIONCLEX", Ioctls.FIONCLEX);
    private static final FlagNames ARCH_CODES = new FlagNames()
            .add("ARCH_SET_GS", ArchPrctl.ARCH_SET_GS).add("ARCH_SET_FS", ArchPrctl.ARCH_SET_FS)
            .add("ARCH_GET_FS", ArchPrctl.ARCH_GET_FS).add("ARCH_GET_GS", ArchPrctl.ARCH_GET_GS)
            .add("ARCH_GET_CPUID", ArchPrctl.ARCH_GET_CPUID).add("ARCH_SET_CPUID", ArchPrctl.ARCH_SET_CPUID);
    private static final FlagNames FCNTLS = new FlagNames()
            .add("F_DUPFD", Fcntl.F_DUPFD).add("F_GETFD", Fcntl.F_GETFD).add("F_SETFD", Fcntl.F_SETFD)
            .add("F_GETFL", Fcntl.F_GETFL).add("F_SETFL", Fcntl.F_SETFL).add("F_GETLK", Fcntl.F_GETLK)
            .add("F_SETLK", Fcntl.F_SETLK).add("F_SETLKW", Fcntl.F_SETLKW)
            .add("F_DUPFD_CLOEXEC", Fcntl.F_DUPFD_CLOEXEC).add("F_GETPIPE_SZ", Fcntl.F_GETPIPE_SZ)
            .add("F_SETPIPE_SZ", Fcntl.F_SETPIPE_SZ).add("F_ADD_SEALS", Fcntl.F_ADD_SEALS)
            .add("F_GET_SEALS", Fcntl.F_GET_SEALS);
    private static final FlagNames MADVICES = new FlagNames()
            .add("MADV_NORMAL", Mman.MADV_NORMAL).add("MADV_RANDOM", Mman.MADV_RANDOM)
            .add("MADV_SEQUENTIAL", Mman.MADV_SEQUENTIAL).add("MADV_WILLNEED", Mman.MADV_WILLNEED)
            .add("MADV_DONTNEED", Mman.MADV_DONTNEED).add("MADV_FREE", Mman.MADV_FREE)
            .add("MADV_HUGEPAGE", Mman.MADV_HUGEPAGE).add("MADV_NOHUGEPAGE", Mman.MADV_NOHUGEPAGE)
            .add("MADV_DONTDUMP", Mman.MADV_DONTDUMP);

    private final PrintStream out;

    public Strace(PrintStream out) {
        this.out = out;
    }

    /** Formats the arguments known before the call; BUF_OUT ones are left as null. */
    public String[] enter(Arch arch, AddressSpace mem, List<ArgKind> kinds, long[] args) {
        String[] shown = new String[kinds.size()];
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i) != ArgKind.BUF_OUT) {
                long next = i + 1 < kinds.size() ? args[i + 1] : 0;
                shown[i] = format(arch, mem, kinds.get(i), args[i], next);
            }
            if (kinds.get(i) == ArgKind.MODE && i > 0 && kinds.get(i - 1) == ArgKind.OPEN_FLAGS
                    && !createsFile(arch, (int) args[i - 1])) {
                // strace shows open's mode only when the flags create a file; it is the last argument.
                return java.util.Arrays.copyOf(shown, i);
            }
        }
        return shown;
    }

    /** Prints the finished call, filling in BUF_OUT arguments from the result. */
    public void exit(int tid, String name, Arch arch, AddressSpace mem, List<ArgKind> kinds, long[] args,
            String[] shown, long result, boolean noReturn) {
        StringBuilder line = new StringBuilder();
        line.append(name).append('(');
        for (int i = 0; i < shown.length; i++) {
            if (i > 0) {
                line.append(", ");
            }
            String s = shown[i];
            if (s == null) {
                s = result >= 0 ? quoted(mem, args[i], result) : hex(args[i]);
            }
            line.append(s);
        }
        line.append(')');
        while (line.length() < 39) {
            line.append(' ');
        }
        line.append(" = ");
        if (noReturn) {
            line.append('?');
        } else if (result == -Errno.ERESTARTNOINTR) {
            line.append("? ERESTARTNOINTR (To be restarted)");
        } else if (result == -Errno.ERESTARTSYS) {
            line.append("? ERESTARTSYS (To be restarted if SA_RESTART is set)");
        } else if (result == -Errno.ERESTARTNOHAND) {
            line.append("? ERESTARTNOHAND (To be restarted if no handler)");
        } else if (result == -Errno.ERESTART_RESTARTBLOCK) {
            line.append("? ERESTART_RESTARTBLOCK (Interrupted by signal)");
        } else if (result < 0 && result >= -4095) {
            Errno e = Errno.of((int) -result);
            line.append("-1 ").append(e == null ? Long.toString(-result) : e.name() + " (" + e.message() + ")");
        } else if (name.equals("mmap") || name.equals("brk") || name.equals("mremap")) {
            line.append(hex(result));
        } else {
            line.append(result);
        }
        synchronized (out) {
            out.println(line);
        }
    }

    /** Prints the execve that started the first program, as strace shows the traced exec. */
    public void firstExec(String path, List<String> argv, int envCount) {
        StringBuilder line = new StringBuilder("execve(");
        line.append(quotedString(path.getBytes(StandardCharsets.UTF_8), 1)).append(", [");
        for (int i = 0; i < argv.size(); i++) {
            line.append(i > 0 ? ", " : "").append(quotedString(argv.get(i).getBytes(StandardCharsets.UTF_8), 1));
        }
        line.append("], /* ").append(envCount).append(" vars */) = 0");
        synchronized (out) {
            out.println(line);
        }
    }

    /** Prints how the process ended: "+++ exited with N +++" or "+++ killed by SIG +++". */
    public void processEnd(int exitCode, int signal) {
        synchronized (out) {
            if (signal != 0) {
                out.println("+++ killed by " + Signals.name(signal) + " +++");
            } else {
                out.println("+++ exited with " + exitCode + " +++");
            }
        }
    }

    private static String format(Arch arch, AddressSpace mem, ArgKind kind, long v, long next) {
        try {
            return switch (kind) {
                case INT, FD -> Integer.toString((int) v);
                case UINT -> Long.toString(v & 0xffffffffL);
                case LONG, SIZE -> Long.toString(v);
                case HEX -> hex(v);
                case PTR -> v == 0 ? "NULL" : hex(v);
                case DIRFD -> (int) v == Fcntl.AT_FDCWD ? "AT_FDCWD" : Integer.toString((int) v);
                case PATH -> v == 0 ? "NULL" : quotedString(UserMemory.readCString(mem, v, 4096), v);
                case BUF_IN -> quoted(mem, v, next);
                case BUF_OUT -> hex(v);
                case ARGV -> argv(mem, v);
                case ENVP -> v == 0 ? "NULL" : hex(v) + " /* " + UserMemory.readStringArray(mem, v).size() + " vars */";
                case OPEN_FLAGS -> openFlags(arch, (int) v);
                case MODE -> "0" + Integer.toOctalString((int) v & 07777);
                case PROT -> PROTS.mask(v, "PROT_NONE");
                case MAP_FLAGS -> MAPS.mask(v, "0");
                case AT_FLAGS -> AT.mask(v & 0xffffffffL, "0");
                case SIGNAL -> v > 0 && v <= Signals.SIGRTMAX ? Signals.name((int) v) : Long.toString(v);
                case SIGMASK_HOW -> HOW.value(v);
                case CLOCK -> CLOCKS.value(v);
                case WHENCE -> WHENCES.value(v);
                case IOCTL -> orElse(IOCTLS.nameOf(v & 0xffffffffL), hex(v & 0xffffffffL));
                case ARCH_PRCTL -> orElse(ARCH_CODES.nameOf(v), hex(v) + " /* ARCH_??? */");
                case FCNTL_CMD -> FCNTLS.value(v);
                case RESOURCE -> {
                    String n = Resource.name((int) v);
                    yield n == null ? Long.toString(v) : n;
                }
                case MADVISE -> MADVICES.value(v);
            };
        } catch (GuestMemoryFault | dev.zlx.abi.LinuxException e) {
            return hex(v);
        }
    }

    private static boolean createsFile(Arch arch, int guestFlags) {
        int flags = OpenFlags.of(arch).toCanonical(guestFlags);
        return (flags & Fcntl.O_CREAT) != 0 || (flags & Fcntl.O_TMPFILE) == Fcntl.O_TMPFILE;
    }

    private static String orElse(String name, String fallback) {
        return name != null ? name : fallback;
    }

    private static String openFlags(Arch arch, int guestFlags) {
        int flags = OpenFlags.of(arch).toCanonical(guestFlags);
        String named = OPEN.mask(flags & 0xffffffffL, "O_RDONLY");
        boolean readOnly = (flags & Fcntl.O_ACCMODE) == Fcntl.O_RDONLY;
        return readOnly && !named.equals("O_RDONLY") ? "O_RDONLY|" + named : named;
    }

    private static String argv(AddressSpace mem, long v) {
        if (v == 0) {
            return "NULL";
        }
        StringBuilder sb = new StringBuilder("[");
        List<String> items = UserMemory.readStringArray(mem, v);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(quotedString(items.get(i).getBytes(StandardCharsets.UTF_8), 1));
        }
        return sb.append(']').toString();
    }

    private static String quoted(AddressSpace mem, long addr, long length) {
        if (addr == 0) {
            return "NULL";
        }
        int n = (int) Math.min(Math.max(length, 0), STRING_LIMIT);
        byte[] b = new byte[n];
        try {
            mem.read(addr, b, 0, n);
        } catch (GuestMemoryFault e) {
            return hex(addr);
        }
        return quotedString(b, 1) + (length > STRING_LIMIT ? "..." : "");
    }

    private static String quotedString(byte[] bytes, long addr) {
        if (bytes == null) {
            return hex(addr);
        }
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\%o", c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** As C's %#lx, which strace uses: "0" for zero, else 0x and the digits. */
    private static String hex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }
}
