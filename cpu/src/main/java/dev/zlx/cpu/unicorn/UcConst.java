package dev.zlx.cpu.unicorn;

/**
 * Constants of the Unicorn C API, named after unicorn.h, x86.h and arm64.h. Values were taken
 * from the headers of Debian's libunicorn-dev 2.0.1.post1-1 (UC_API 2.0.1) by compiling a
 * program that prints them; enum arithmetic was not done by hand.
 */
final class UcConst {
    private UcConst() {}

    // uc_arch / uc_mode
    static final int UC_ARCH_ARM64 = 2;
    static final int UC_ARCH_X86 = 4;
    static final int UC_MODE_ARM = 0;
    static final int UC_MODE_64 = 8;

    // uc_err
    static final int UC_ERR_OK = 0;
    static final int UC_ERR_READ_UNMAPPED = 6;
    static final int UC_ERR_WRITE_UNMAPPED = 7;
    static final int UC_ERR_FETCH_UNMAPPED = 8;
    static final int UC_ERR_INSN_INVALID = 10;
    static final int UC_ERR_WRITE_PROT = 12;
    static final int UC_ERR_READ_PROT = 13;
    static final int UC_ERR_FETCH_PROT = 14;
    static final int UC_ERR_EXCEPTION = 21;

    // uc_prot
    static final int UC_PROT_NONE = 0;
    static final int UC_PROT_READ = 1;
    static final int UC_PROT_WRITE = 2;
    static final int UC_PROT_EXEC = 4;

    // uc_hook_type
    static final int UC_HOOK_INTR = 1;
    static final int UC_HOOK_INSN = 1 << 1;
    static final int UC_HOOK_CODE = 1 << 2;
    static final int UC_HOOK_BLOCK = 1 << 3;
    static final int UC_HOOK_MEM_READ_UNMAPPED = 1 << 4;
    static final int UC_HOOK_MEM_WRITE_UNMAPPED = 1 << 5;
    static final int UC_HOOK_MEM_FETCH_UNMAPPED = 1 << 6;
    static final int UC_HOOK_MEM_READ_PROT = 1 << 7;
    static final int UC_HOOK_MEM_WRITE_PROT = 1 << 8;
    static final int UC_HOOK_MEM_FETCH_PROT = 1 << 9;
    /** UC_HOOK_MEM_UNMAPPED + UC_HOOK_MEM_PROT = 1008. */
    static final int UC_HOOK_MEM_INVALID = 0x70 | 0x380;

    // uc_mem_type, as passed to UC_HOOK_MEM_* callbacks
    static final int UC_MEM_READ_UNMAPPED = 19;
    static final int UC_MEM_WRITE_UNMAPPED = 20;
    static final int UC_MEM_FETCH_UNMAPPED = 21;
    static final int UC_MEM_WRITE_PROT = 22;
    static final int UC_MEM_READ_PROT = 23;
    static final int UC_MEM_FETCH_PROT = 24;

    // uc_ctl: UC_CTL(type, nr, rw) = type | nr << 26 | rw << 30
    static final int UC_CTL_IO_NONE = 0;
    static final int UC_CTL_IO_WRITE = 1;
    static final int UC_CTL_IO_READ = 2;
    static final int UC_CTL_CPU_MODEL = 7;
    static final int UC_CTL_TB_REMOVE_CACHE = 9;
    static final int UC_CTL_TB_FLUSH = 10;

    static int ucCtl(int type, int nr, int rw) {
        return type | (nr << 26) | (rw << 30);
    }

    // x86.h: uc_x86_reg
    static final int UC_X86_REG_EFLAGS = 25;
    static final int UC_X86_REG_CR4 = 54;
    static final int UC_X86_REG_RAX = 35;
    static final int UC_X86_REG_RBP = 36;
    static final int UC_X86_REG_RBX = 37;
    static final int UC_X86_REG_RCX = 38;
    static final int UC_X86_REG_RDI = 39;
    static final int UC_X86_REG_RDX = 40;
    static final int UC_X86_REG_RIP = 41;
    static final int UC_X86_REG_RSI = 43;
    static final int UC_X86_REG_RSP = 44;
    static final int UC_X86_REG_R8 = 106;
    static final int UC_X86_REG_R9 = 107;
    static final int UC_X86_REG_R10 = 108;
    static final int UC_X86_REG_R11 = 109;
    static final int UC_X86_REG_R12 = 110;
    static final int UC_X86_REG_R13 = 111;
    static final int UC_X86_REG_R14 = 112;
    static final int UC_X86_REG_R15 = 113;
    static final int UC_X86_REG_FPSW = 31;
    /** FP0..FP7 are consecutive: physical x87 registers R0..R7 (env->fpregs[i]), not ST(i). */
    static final int UC_X86_REG_FP0 = 82;
    /** XMM0..XMM15 are consecutive. */
    static final int UC_X86_REG_XMM0 = 122;
    static final int UC_X86_REG_FPCW = 246;
    /** The full x87 tag word, 2 bits per physical register (3 = empty). */
    static final int UC_X86_REG_FPTAG = 247;
    static final int UC_X86_REG_MXCSR = 249;
    static final int UC_X86_REG_FS_BASE = 250;
    static final int UC_X86_REG_GS_BASE = 251;
    static final int UC_X86_REG_RFLAGS = 253;
    // x86.h: uc_x86_insn
    static final int UC_X86_INS_CPUID = 113;
    static final int UC_X86_INS_IN = 218;
    static final int UC_X86_INS_OUT = 500;
    static final int UC_X86_INS_SYSCALL = 699;

    // arm64.h: uc_arm64_reg
    static final int UC_ARM64_REG_X29 = 1;
    static final int UC_ARM64_REG_X30 = 2;
    static final int UC_ARM64_REG_NZCV = 3;
    static final int UC_ARM64_REG_SP = 4;
    /** X0..X28 are consecutive from here. */
    static final int UC_ARM64_REG_X0 = 199;
    static final int UC_ARM64_REG_X8 = 207;
    static final int UC_ARM64_REG_PC = 260;
    static final int UC_ARM64_REG_CPACR_EL1 = 261;
    static final int UC_ARM64_REG_TPIDR_EL0 = 262;
    static final int UC_ARM64_REG_PSTATE = 265;
    /** V0..V31 are consecutive (16 bytes each, uc_arm64_neon128: low then high). */
    static final int UC_ARM64_REG_V0 = 228;
    static final int UC_ARM64_REG_FPCR = 291;
    static final int UC_ARM64_REG_FPSR = 292;
    // arm64.h: uc_cpu_arm64
    static final int UC_CPU_ARM64_A72 = 2;
}
