package dev.zlx.abi;

/**
 * The aarch64 signal frame (arch/arm64/kernel/signal.c, uapi/asm/sigcontext.h): struct
 * rt_sigframe = siginfo then ucontext, whose sigcontext ends in a 4096-byte area of records
 * (fpsimd_context first, then a terminator); a frame record {fp, lr} follows the frame.
 */
public final class SigframeAarch64 {
    public static final int INFO_OFFSET = 0;
    public static final int UC_OFFSET = 128;
    /** Offsets inside struct ucontext. */
    public static final int UC_FLAGS = 0;
    public static final int UC_LINK = 8;
    public static final int UC_STACK = 16;
    public static final int UC_SIGMASK = 40;
    public static final int UC_MCONTEXT = 176;
    /** Offsets inside struct sigcontext. */
    public static final int SC_FAULT_ADDRESS = 0;
    public static final int SC_REGS = 8;
    public static final int SC_SP = 256;
    public static final int SC_PC = 264;
    public static final int SC_PSTATE = 272;
    public static final int SC_RESERVED = 288;
    public static final int RESERVED_SIZE = 4096;
    /** sizeof(struct rt_sigframe). */
    public static final int FRAME_SIZE = UC_OFFSET + UC_MCONTEXT + SC_RESERVED + RESERVED_SIZE;
    /** struct fpsimd_context: header {magic, size}, fpsr, fpcr, vregs[32]. */
    public static final int FPSIMD_MAGIC = 0x46508001;
    public static final int FPSIMD_CONTEXT_SIZE = 528;
    /** struct esr_context: header and the exception syndrome of a fault (read-only to handlers). */
    public static final int ESR_MAGIC = 0x45535201;
    public static final int ESR_CONTEXT_SIZE = 16;
    /** pstate bits that must be clear on return to user code: mode (EL0t, AArch64) and DAIF. */
    public static final long PSTATE_NOT_EL0T = 0x3df;
    /** The NZCV bits of pstate, the only ones user code may change. */
    public static final long PSTATE_NZCV = 0xf0000000L;
    /** The sigreturn trampoline zlx maps for handlers without SA_RESTORER: mov x8, #139; svc #0. */
    public static final int[] SIGRETURN_CODE = {0xd2801168, 0xd4000001};

    private SigframeAarch64() {
    }
}
