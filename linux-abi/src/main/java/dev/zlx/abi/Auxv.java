package dev.zlx.abi;

/**
 * The auxiliary vector: the {@code AT_*} entry types of include/uapi/linux/auxvec.h and of the
 * x86-64 and arm64 asm/auxvec.h, and the {@code AT_FLAGS} bits. The numbers are the same on both
 * architectures; an entry marked "x86-32" is listed for names only and never sent by zlx.
 */
public final class Auxv {
    private Auxv() {}

    /** End of the vector. */
    public static final int AT_NULL = 0;
    /** Entry to ignore. */
    public static final int AT_IGNORE = 1;
    /** File descriptor of the program (binfmt_misc with the O flag). */
    public static final int AT_EXECFD = 2;
    /** Address of the program headers of the program in memory. */
    public static final int AT_PHDR = 3;
    /** Size of one program header entry (56 for ELF64). */
    public static final int AT_PHENT = 4;
    /** Number of program headers of the program. */
    public static final int AT_PHNUM = 5;
    /** System page size. */
    public static final int AT_PAGESZ = 6;
    /** Load address of the interpreter (0 when there is none). */
    public static final int AT_BASE = 7;
    /** Flags: {@link #AT_FLAGS_PRESERVE_ARGV0}. */
    public static final int AT_FLAGS = 8;
    /** Entry point of the program (not of the interpreter). */
    public static final int AT_ENTRY = 9;
    /** Program is not ELF. */
    public static final int AT_NOTELF = 10;
    /** Real user id. */
    public static final int AT_UID = 11;
    /** Effective user id. */
    public static final int AT_EUID = 12;
    /** Real group id. */
    public static final int AT_GID = 13;
    /** Effective group id. */
    public static final int AT_EGID = 14;
    /** Address of the platform string ("x86_64", "aarch64"). */
    public static final int AT_PLATFORM = 15;
    /** Architecture-dependent CPU capability bits. */
    public static final int AT_HWCAP = 16;
    /** Frequency of times(2): 100. */
    public static final int AT_CLKTCK = 17;
    /** Secure mode boolean (setuid, setgid or file capabilities). */
    public static final int AT_SECURE = 23;
    /** Address of the string naming the real platform (not sent on x86-64 or arm64). */
    public static final int AT_BASE_PLATFORM = 24;
    /** Address of 16 random bytes. */
    public static final int AT_RANDOM = 25;
    /** Extension of AT_HWCAP. */
    public static final int AT_HWCAP2 = 26;
    /** rseq supported feature size. */
    public static final int AT_RSEQ_FEATURE_SIZE = 27;
    /** rseq allocation alignment. */
    public static final int AT_RSEQ_ALIGN = 28;
    /** Extension of AT_HWCAP (Linux 6.9+). */
    public static final int AT_HWCAP3 = 29;
    /** Extension of AT_HWCAP (Linux 6.9+). */
    public static final int AT_HWCAP4 = 30;
    /** Address of the file name of the program as given to execve. */
    public static final int AT_EXECFN = 31;
    /** Address of the vsyscall entry point (x86-32 only). */
    public static final int AT_SYSINFO = 32;
    /** Address of the vDSO ELF header. */
    public static final int AT_SYSINFO_EHDR = 33;
    /** Minimal stack size for signal delivery (x86 and arm64). */
    public static final int AT_MINSIGSTKSZ = 51;

    /** Bit number in AT_FLAGS: binfmt_misc kept the original argv[0] (the P flag). */
    public static final int AT_FLAGS_PRESERVE_ARGV0_BIT = 0;
    /** Mask of {@link #AT_FLAGS_PRESERVE_ARGV0_BIT}. */
    public static final int AT_FLAGS_PRESERVE_ARGV0 = 1 << AT_FLAGS_PRESERVE_ARGV0_BIT;

    /** The constant's name without value ("AT_PHDR"), or "AT_" followed by the number if unknown. */
    public static String name(long type) {
        return switch ((int) Math.min(Math.max(type, -1), Integer.MAX_VALUE)) {
            case AT_NULL -> "AT_NULL";
            case AT_IGNORE -> "AT_IGNORE";
            case AT_EXECFD -> "AT_EXECFD";
            case AT_PHDR -> "AT_PHDR";
            case AT_PHENT -> "AT_PHENT";
            case AT_PHNUM -> "AT_PHNUM";
            case AT_PAGESZ -> "AT_PAGESZ";
            case AT_BASE -> "AT_BASE";
            case AT_FLAGS -> "AT_FLAGS";
            case AT_ENTRY -> "AT_ENTRY";
            case AT_NOTELF -> "AT_NOTELF";
            case AT_UID -> "AT_UID";
            case AT_EUID -> "AT_EUID";
            case AT_GID -> "AT_GID";
            case AT_EGID -> "AT_EGID";
            case AT_PLATFORM -> "AT_PLATFORM";
            case AT_HWCAP -> "AT_HWCAP";
            case AT_CLKTCK -> "AT_CLKTCK";
            case AT_SECURE -> "AT_SECURE";
            case AT_BASE_PLATFORM -> "AT_BASE_PLATFORM";
            case AT_RANDOM -> "AT_RANDOM";
            case AT_HWCAP2 -> "AT_HWCAP2";
            case AT_RSEQ_FEATURE_SIZE -> "AT_RSEQ_FEATURE_SIZE";
            case AT_RSEQ_ALIGN -> "AT_RSEQ_ALIGN";
            case AT_HWCAP3 -> "AT_HWCAP3";
            case AT_HWCAP4 -> "AT_HWCAP4";
            case AT_EXECFN -> "AT_EXECFN";
            case AT_SYSINFO -> "AT_SYSINFO";
            case AT_SYSINFO_EHDR -> "AT_SYSINFO_EHDR";
            case AT_MINSIGSTKSZ -> "AT_MINSIGSTKSZ";
            default -> "AT_" + type;
        };
    }
}
