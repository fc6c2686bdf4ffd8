package dev.zlx.elf;

import static dev.zlx.abi.Auxv.AT_BASE_PLATFORM;
import static dev.zlx.abi.Auxv.AT_EXECFD;
import static dev.zlx.abi.Auxv.AT_EXECFN;
import static dev.zlx.abi.Auxv.AT_HWCAP2;
import static dev.zlx.abi.Auxv.AT_HWCAP3;
import static dev.zlx.abi.Auxv.AT_HWCAP4;
import static dev.zlx.abi.Auxv.AT_NULL;
import static dev.zlx.abi.Auxv.AT_PLATFORM;
import static dev.zlx.abi.Auxv.AT_RANDOM;
import static dev.zlx.abi.Auxv.AT_RSEQ_ALIGN;
import static dev.zlx.abi.Auxv.AT_RSEQ_FEATURE_SIZE;

import dev.zlx.abi.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The initial stack of a new program, laid out byte for byte as Linux's execve builds it: the
 * strings as do_execveat_common copies them (copy_string_kernel, copy_strings) and the rest as
 * create_elf_tables (fs/binfmt_elf.c) writes it. From the top (highest address) down:
 *
 * <pre>
 *   8 zero bytes                       (bprm-&gt;p starts at the top minus one pointer)
 *   execfn string                      AT_EXECFN; copied first
 *   envp strings                       env_start..env_end, in order
 *   argv strings                       arg_start..arg_end, in order
 *   gap of {@code alignGap} bytes, then down to a multiple of 16 (arch_align_stack)
 *   platform string                    AT_PLATFORM, if any
 *   16 random bytes                    AT_RANDOM
 *   gap up to 16 bytes
 *   auxv pairs ending with AT_NULL
 *   NULL, envp pointers
 *   NULL, argv pointers
 *   argc                               at sp, 16-byte aligned
 * </pre>
 *
 * An empty argv gets one empty string as argv[0], as Linux has done since 5.18. Limits are
 * Linux's: each string including its NUL at most MAX_ARG_STRLEN, and the strings (execfn
 * included) plus one pointer per argv and envp entry within min(rlimit/4, 6 MiB), but never
 * below 128 KiB (bprm_stack_limits); beyond them {@link #build} throws E2BIG.
 */
public final class InitialStack {
    /** MAX_ARG_STRLEN: the longest argument or environment string, NUL included (32 pages). */
    public static final int MAX_ARG_STRLEN = 32 * 4096;
    /** MAX_ARG_STRINGS: the most argv or envp entries. */
    public static final int MAX_ARG_STRINGS = 0x7FFFFFFF;
    /** ARG_MAX: the space for strings Linux allows whatever the stack rlimit. */
    public static final long ARG_MAX = 32 * 4096;
    /** _STK_LIM: the default stack rlimit, 8 MiB. */
    public static final long STK_LIM = 8L << 20;
    /** The largest {@code alignGap} accepted (Linux uses below 8 KiB on x86-64, a page on arm64). */
    public static final long MAX_ALIGN_GAP = 1L << 20;

    private final long sp;
    private final byte[] image;
    private final int argc;
    private final int envc;
    private final long argStart;
    private final long argEnd;
    private final long envEnd;
    private final long execfnAddr;
    private final long platformAddr;
    private final long randomAddr;
    private final List<AuxEntry> auxv;

    private InitialStack(long sp, byte[] image, int argc, int envc, long argStart, long argEnd,
            long envEnd, long execfnAddr, long platformAddr, long randomAddr, List<AuxEntry> auxv) {
        this.sp = sp;
        this.image = image;
        this.argc = argc;
        this.envc = envc;
        this.argStart = argStart;
        this.argEnd = argEnd;
        this.envEnd = envEnd;
        this.execfnAddr = execfnAddr;
        this.platformAddr = platformAddr;
        this.randomAddr = randomAddr;
        this.auxv = auxv;
    }

    /** A builder for the stack of one execve. */
    public static Builder builder() {
        return new Builder();
    }

    /** The initial stack pointer: the address of argc, 16-byte aligned. */
    public long sp() {
        return sp;
    }

    /** The bytes to write at {@link #sp()}; they reach exactly the stack top. A fresh copy. */
    public byte[] bytes() {
        return image.clone();
    }

    /** The number of bytes {@link #bytes()} holds. */
    public int size() {
        return image.length;
    }

    /** argc as the program sees it (1 for an empty argv). */
    public int argc() {
        return argc;
    }

    /** The number of environment strings. */
    public int envc() {
        return envc;
    }

    /** The address of the argv pointer array (argv[0]'s slot): sp + 8. */
    public long argvAddr() {
        return sp + 8;
    }

    /** The address of the envp pointer array. */
    public long envpAddr() {
        return sp + 8L * (argc + 2);
    }

    /** The address of the auxiliary vector. */
    public long auxvAddr() {
        return sp + 8L * (argc + envc + 3);
    }

    /** mm->arg_start: the first argv string. */
    public long argStart() {
        return argStart;
    }

    /** mm->arg_end: just past the NUL of the last argv string. */
    public long argEnd() {
        return argEnd;
    }

    /** mm->env_start: equal to {@link #argEnd()}. */
    public long envStart() {
        return argEnd;
    }

    /** mm->env_end: just past the NUL of the last environment string. */
    public long envEnd() {
        return envEnd;
    }

    /** AT_EXECFN: the address of the file name string. */
    public long execfnAddr() {
        return execfnAddr;
    }

    /** AT_PLATFORM: the address of the platform string, or 0 if there is none. */
    public long platformAddr() {
        return platformAddr;
    }

    /** AT_RANDOM: the address of the 16 random bytes. */
    public long randomAddr() {
        return randomAddr;
    }

    /** The auxiliary vector as written, AT_NULL included (what /proc/pid/auxv shows). */
    public List<AuxEntry> auxv() {
        return auxv;
    }

    /** Collects the inputs of {@link #build()}; not thread-safe. */
    public static final class Builder {
        private long stackTop = -1;
        private List<byte[]> argv = List.of();
        private List<byte[]> envp = List.of();
        private byte[] execfn;
        private byte[] platform;
        private byte[] random;
        private final List<AuxEntry> aux = new ArrayList<>();
        private long stackRlimit = STK_LIM;
        private long alignGap;

        private Builder() {}

        /** The exclusive end of the stack, 16-byte aligned (normally page-aligned). */
        public Builder stackTop(long top) {
            this.stackTop = top;
            return this;
        }

        /** The argument strings, encoded as UTF-8. */
        public Builder argv(List<String> args) {
            this.argv = utf8(args);
            return this;
        }

        /** The argument strings as bytes (no NUL inside). */
        public Builder argvBytes(List<byte[]> args) {
            this.argv = List.copyOf(args);
            return this;
        }

        /** The environment strings, encoded as UTF-8. */
        public Builder envp(List<String> env) {
            this.envp = utf8(env);
            return this;
        }

        /** The environment strings as bytes (no NUL inside). */
        public Builder envpBytes(List<byte[]> env) {
            this.envp = List.copyOf(env);
            return this;
        }

        /** The file name given to execve (AT_EXECFN), encoded as UTF-8. */
        public Builder execfn(String name) {
            this.execfn = name.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** The platform string (AT_PLATFORM: "x86_64", "aarch64"), or null for none. */
        public Builder platform(String name) {
            this.platform = name == null ? null : name.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** The 16 random bytes of AT_RANDOM. */
        public Builder random(byte[] bytes) {
            if (bytes.length != 16) {
                throw new IllegalArgumentException("AT_RANDOM needs 16 bytes, not " + bytes.length);
            }
            this.random = bytes.clone();
            return this;
        }

        /**
         * Appends an auxv entry the kernel supplies, in Linux's order (AT_SYSINFO_EHDR,
         * AT_MINSIGSTKSZ, AT_HWCAP, AT_PAGESZ, AT_CLKTCK, AT_PHDR, AT_PHENT, AT_PHNUM, AT_BASE,
         * AT_FLAGS, AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE, AT_HWCAP2, then
         * AT_EXECFD, AT_RSEQ_FEATURE_SIZE, AT_RSEQ_ALIGN). The builder adds AT_RANDOM before the
         * first of AT_HWCAP2..4, AT_EXECFD and AT_RSEQ_*, and AT_EXECFN and AT_PLATFORM before the
         * first of AT_EXECFD and AT_RSEQ_* (each at the end if there is none), as Linux orders them.
         */
        public Builder aux(long type, long value) {
            if (type == AT_NULL || type == AT_RANDOM || type == AT_EXECFN || type == AT_PLATFORM
                    || type == AT_BASE_PLATFORM) {
                throw new IllegalArgumentException(dev.zlx.abi.Auxv.name(type)
                        + " is placed by the stack builder, not supplied");
            }
            aux.add(new AuxEntry(type, value));
            return this;
        }

        /** RLIMIT_STACK's soft limit (default 8 MiB); negative means RLIM_INFINITY. */
        public Builder stackRlimit(long rlimit) {
            this.stackRlimit = rlimit;
            return this;
        }

        /**
         * Bytes to leave below the argv strings before aligning to 16: arch_align_stack's random
         * offset, 0 when address randomization is off (the default).
         */
        public Builder alignGap(long gap) {
            if (gap < 0 || gap > MAX_ALIGN_GAP) {
                throw new IllegalArgumentException("alignGap " + gap + " is not in 0.."
                        + MAX_ALIGN_GAP);
            }
            this.alignGap = gap;
            return this;
        }

        /**
         * Lays out the stack.
         *
         * @throws dev.zlx.abi.LinuxException E2BIG if a string or all of them exceed Linux's limits
         * @throws IllegalStateException if stackTop, execfn or random is missing
         * @throws IllegalArgumentException if a string contains a NUL or stackTop is unaligned
         */
        public InitialStack build() {
            return InitialStack.layOut(this);
        }

        private static List<byte[]> utf8(List<String> strings) {
            List<byte[]> out = new ArrayList<>(strings.size());
            for (String s : strings) {
                out.add(s.getBytes(StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    private static InitialStack layOut(Builder b) {
        if (b.stackTop < 0 || (b.stackTop & 15) != 0) {
            throw new IllegalStateException("stackTop must be set, positive and 16-byte aligned");
        }
        Objects.requireNonNull(b.execfn, "execfn not set");
        Objects.requireNonNull(b.random, "random not set");
        List<byte[]> argv = b.argv;
        List<byte[]> envp = b.envp;
        if (argv.size() > MAX_ARG_STRINGS || envp.size() > MAX_ARG_STRINGS) {
            throw Errno.E2BIG.exception();
        }
        // bprm_stack_limits
        long rlim = b.stackRlimit < 0 ? Long.MAX_VALUE : b.stackRlimit;
        long limit = Math.max(Math.min(STK_LIM / 4 * 3, rlim / 4), ARG_MAX);
        long ptrSize = 8L * (Math.max(argv.size(), 1) + (long) envp.size());
        if (limit <= ptrSize) {
            throw Errno.E2BIG.exception();
        }
        limit -= ptrSize;
        // copy_string_kernel(filename), copy_strings(envp), copy_strings(argv): top down
        long top = b.stackTop;
        long p = top - 8;
        long argmin = p - limit;
        p = place(p, b.execfn, argmin);
        long execfnAddr = p;
        for (int i = envp.size() - 1; i >= 0; i--) {
            p = place(p, envp.get(i), argmin);
        }
        long envStart = p;
        if (argv.isEmpty()) {
            argv = List.of(new byte[0]);
        }
        for (int i = argv.size() - 1; i >= 0; i--) {
            p = place(p, argv.get(i), argmin);
        }
        long argStart = p;
        int argc = argv.size();
        int envc = envp.size();

        // create_elf_tables
        p = (argStart - b.alignGap) & ~15L;
        long platformAddr = 0;
        if (b.platform != null) {
            checkNoNul(b.platform);
            p -= b.platform.length + 1;
            platformAddr = p;
        }
        p -= 16;
        long randomAddr = p;
        List<AuxEntry> auxv = auxv(b.aux, randomAddr, execfnAddr, platformAddr, b.platform != null);
        long sp = p - 16L * auxv.size();
        long items = (argc + 1L) + (envc + 1L) + 1L;
        sp = (sp - 8 * items) & ~15L;

        long size = top - sp;
        ByteBuffer img = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        img.putLong(argc);
        long s = argStart;
        for (byte[] a : argv) {
            img.putLong(s);
            s += a.length + 1;
        }
        long argEnd = s;
        img.putLong(0);
        for (byte[] e : envp) {
            img.putLong(s);
            s += e.length + 1;
        }
        long envEnd = s;
        img.putLong(0);
        for (AuxEntry e : auxv) {
            img.putLong(e.type()).putLong(e.value());
        }
        put(img, sp, randomAddr, b.random);
        if (b.platform != null) {
            put(img, sp, platformAddr, b.platform);
        }
        s = argStart;
        for (byte[] a : argv) {
            put(img, sp, s, a);
            s += a.length + 1;
        }
        for (byte[] e : envp) {
            put(img, sp, s, e);
            s += e.length + 1;
        }
        put(img, sp, execfnAddr, b.execfn);
        assert envStart == argEnd && envEnd == execfnAddr;
        return new InitialStack(sp, img.array(), argc, envc, argStart, argEnd, envEnd, execfnAddr,
                platformAddr, randomAddr, List.copyOf(auxv));
    }

    /** Copies one NUL-terminated string below {@code p}, as copy_strings does. */
    private static long place(long p, byte[] str, long argmin) {
        checkNoNul(str);
        long len = str.length + 1L;
        if (len > MAX_ARG_STRLEN) {
            throw Errno.E2BIG.exception();
        }
        p -= len;
        if (p < argmin) {
            throw Errno.E2BIG.exception();
        }
        return p;
    }

    private static void checkNoNul(byte[] str) {
        for (byte c : str) {
            if (c == 0) {
                throw new IllegalArgumentException("string contains a NUL byte");
            }
        }
    }

    private static void put(ByteBuffer img, long base, long addr, byte[] bytes) {
        img.put(Math.toIntExact(addr - base), bytes);
    }

    /**
     * The supplied entries with AT_RANDOM before the first of AT_HWCAP2..4, AT_EXECFD and
     * AT_RSEQ_*, and AT_EXECFN and AT_PLATFORM before the first of AT_EXECFD and AT_RSEQ_*, which
     * is create_elf_tables' order; then AT_NULL.
     */
    private static List<AuxEntry> auxv(List<AuxEntry> supplied, long random, long execfn,
            long platform, boolean hasPlatform) {
        int randomAt = firstOf(supplied, AT_HWCAP2, AT_HWCAP3, AT_HWCAP4, AT_EXECFD,
                AT_RSEQ_FEATURE_SIZE, AT_RSEQ_ALIGN);
        int execfnAt = Math.max(randomAt,
                firstOf(supplied, AT_EXECFD, AT_RSEQ_FEATURE_SIZE, AT_RSEQ_ALIGN));
        List<AuxEntry> out = new ArrayList<>(supplied.size() + 4);
        out.addAll(supplied.subList(0, randomAt));
        out.add(new AuxEntry(AT_RANDOM, random));
        out.addAll(supplied.subList(randomAt, execfnAt));
        out.add(new AuxEntry(AT_EXECFN, execfn));
        if (hasPlatform) {
            out.add(new AuxEntry(AT_PLATFORM, platform));
        }
        out.addAll(supplied.subList(execfnAt, supplied.size()));
        out.add(new AuxEntry(AT_NULL, 0));
        return out;
    }

    private static int firstOf(List<AuxEntry> entries, int... types) {
        for (int i = 0; i < entries.size(); i++) {
            for (int t : types) {
                if (entries.get(i).type() == t) {
                    return i;
                }
            }
        }
        return entries.size();
    }
}
