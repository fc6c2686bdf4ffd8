package dev.zlx.cpu.unicorn;

import static dev.zlx.cpu.unicorn.UcConst.*;

import dev.zlx.abi.Arch;
import java.util.HashMap;
import java.util.Map;

/** Per-architecture facts of the Unicorn backend: engine mode, register ids, syscall registers. */
enum UnicornArch {
    X86_64(Arch.X86_64, UC_ARCH_X86, UC_MODE_64, 1L << 47,
            UC_X86_REG_RIP, UC_X86_REG_RSP, UC_X86_REG_FS_BASE, UC_X86_REG_RAX,
            new int[] {UC_X86_REG_RAX, UC_X86_REG_RDI, UC_X86_REG_RSI, UC_X86_REG_RDX,
                UC_X86_REG_R10, UC_X86_REG_R8, UC_X86_REG_R9},
            x86Registers()),
    AARCH64(Arch.AARCH64, UC_ARCH_ARM64, UC_MODE_ARM, 1L << 48,
            UC_ARM64_REG_PC, UC_ARM64_REG_SP, UC_ARM64_REG_TPIDR_EL0, UC_ARM64_REG_X0,
            new int[] {UC_ARM64_REG_X8, UC_ARM64_REG_X0, UC_ARM64_REG_X0 + 1, UC_ARM64_REG_X0 + 2,
                UC_ARM64_REG_X0 + 3, UC_ARM64_REG_X0 + 4, UC_ARM64_REG_X0 + 5},
            arm64Registers());

    final Arch arch;
    final int ucArch;
    final int ucMode;
    /** First guest address beyond the user address space (2^47 on x86-64, 2^48 on aarch64). */
    final long addressLimit;
    final int pcReg;
    final int spReg;
    final int tlsReg;
    final int resultReg;
    /** Syscall number then its six arguments, in the order of ExecutionContext.readSyscall. */
    final int[] syscallRegs;
    private final Map<String, Integer> registers;

    UnicornArch(Arch arch, int ucArch, int ucMode, long addressLimit, int pcReg, int spReg, int tlsReg,
            int resultReg, int[] syscallRegs, Map<String, Integer> registers) {
        this.arch = arch;
        this.ucArch = ucArch;
        this.ucMode = ucMode;
        this.addressLimit = addressLimit;
        this.pcReg = pcReg;
        this.spReg = spReg;
        this.tlsReg = tlsReg;
        this.resultReg = resultReg;
        this.syscallRegs = syscallRegs;
        this.registers = registers;
    }

    static UnicornArch of(Arch arch) {
        return arch == Arch.X86_64 ? X86_64 : AARCH64;
    }

    /** The Unicorn register id of a register named as in the ABI ("rax", "x0", "sp"…). */
    int register(String name) {
        Integer id = registers.get(name);
        if (id == null) {
            throw new IllegalArgumentException("no " + arch.cliName() + " register named '" + name + "'");
        }
        return id;
    }

    private static Map<String, Integer> x86Registers() {
        Map<String, Integer> m = new HashMap<>();
        m.put("rax", UC_X86_REG_RAX);
        m.put("rbx", UC_X86_REG_RBX);
        m.put("rcx", UC_X86_REG_RCX);
        m.put("rdx", UC_X86_REG_RDX);
        m.put("rsi", UC_X86_REG_RSI);
        m.put("rdi", UC_X86_REG_RDI);
        m.put("rbp", UC_X86_REG_RBP);
        m.put("rsp", UC_X86_REG_RSP);
        m.put("r8", UC_X86_REG_R8);
        m.put("r9", UC_X86_REG_R9);
        m.put("r10", UC_X86_REG_R10);
        m.put("r11", UC_X86_REG_R11);
        m.put("r12", UC_X86_REG_R12);
        m.put("r13", UC_X86_REG_R13);
        m.put("r14", UC_X86_REG_R14);
        m.put("r15", UC_X86_REG_R15);
        m.put("rip", UC_X86_REG_RIP);
        m.put("rflags", UC_X86_REG_RFLAGS);
        m.put("fs_base", UC_X86_REG_FS_BASE);
        m.put("gs_base", UC_X86_REG_GS_BASE);
        return Map.copyOf(m);
    }

    private static Map<String, Integer> arm64Registers() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i <= 28; i++) {
            m.put("x" + i, UC_ARM64_REG_X0 + i);
        }
        m.put("x29", UC_ARM64_REG_X29);
        m.put("x30", UC_ARM64_REG_X30);
        m.put("sp", UC_ARM64_REG_SP);
        m.put("pc", UC_ARM64_REG_PC);
        m.put("nzcv", UC_ARM64_REG_NZCV);
        m.put("tpidr_el0", UC_ARM64_REG_TPIDR_EL0);
        return Map.copyOf(m);
    }
}
