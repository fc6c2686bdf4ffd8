package dev.zlx.abi;

/**
 * The x86-64 signal frame (arch/x86/include/asm/sigframe.h, uapi/asm/sigcontext.h): at the
 * handler's stack pointer the return address (sa_restorer), then struct ucontext, then
 * siginfo; the 512-byte FXSAVE area lies below, 64-byte aligned, pointed to by sigcontext.
 */
public final class SigframeX86_64 {
    /** struct rt_sigframe: pretcode, ucontext (304 bytes), siginfo (128 bytes). */
    public static final int FRAME_SIZE = 8 + 304 + 128;
    public static final int UC_OFFSET = 8;
    public static final int INFO_OFFSET = 8 + 304;
    /** Offsets inside struct ucontext. */
    public static final int UC_FLAGS = 0;
    public static final int UC_LINK = 8;
    public static final int UC_STACK = 16;
    public static final int UC_MCONTEXT = 40;
    public static final int UC_SIGMASK = 40 + 256;
    /** The sigcontext registers in order, 8 bytes each from UC_MCONTEXT (r8 … rip, eflags). */
    public static final String[] MCONTEXT_REGISTERS = {"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rdi",
        "rsi", "rbp", "rbx", "rdx", "rax", "rcx", "rsp", "rip", "rflags"};
    /** sigcontext: cs, gs, fs, ss (u16 each) after eflags, then err, trapno, oldmask, cr2, fpstate. */
    public static final int MC_CSGSFS = 144;
    public static final int MC_ERR = 152;
    public static final int MC_TRAPNO = 160;
    public static final int MC_OLDMASK = 168;
    public static final int MC_CR2 = 176;
    public static final int MC_FPSTATE = 184;
    /** uc_flags Linux sets: UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS. */
    public static final long UC_FLAGS_VALUE = 0x2 | 0x4;
    /** The user code and stack segment selectors of 64-bit Linux. */
    public static final int USER_CS = 0x33;
    public static final int USER_DS = 0x2b;
    /** The size of the FXSAVE area and its alignment in the frame. */
    public static final int FPSTATE_SIZE = 512;
    public static final int FPSTATE_ALIGN = 64;
    /** The red zone below the stack pointer that a signal frame must not overwrite. */
    public static final int RED_ZONE = 128;
    /** The RFLAGS bits a handler may change through sigreturn (FIX_EFLAGS). */
    public static final long FIX_EFLAGS = 0x1 | 0x4 | 0x10 | 0x40 | 0x80 | 0x100 | 0x400 | 0x800 | 0x40000 | 0x10000;

    private SigframeX86_64() {
    }
}
