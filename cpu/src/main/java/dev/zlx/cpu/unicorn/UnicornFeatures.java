package dev.zlx.cpu.unicorn;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.CpuFeatures;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.cpu.StopReason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * What the Unicorn 2.0.1 CPUs offer a guest.
 *
 * <p>x86-64: the default model is QEMU64. AT_HWCAP is CPUID leaf 1 EDX as the engine reports it,
 * measured at run time by executing CPUID (0x07088100 in 2.0.1: CX8, CMOV, CLFSH, FXSR, SSE,
 * SSE2 — no FPU/TSC/MMX bits though x87, MMX and rdtsc execute); the model name is the CPUID
 * brand string.
 *
 * <p>aarch64: the default model of 2.0.1 is Cortex-A72 (uc_ctl_get_cpu_model = UC_CPU_ARM64_A72,
 * MIDR_EL1 0x410fd083; ID_AA64ISAR0_EL1 0x11120: AES+PMULL, SHA1, SHA2, CRC32, no LSE atomics).
 * HWCAP is FP, ASIMD, AES, PMULL, SHA1, SHA2, CRC32, each checked by running one instruction
 * (UnicornFeaturesTest); LSE (HWCAP_ATOMICS) raises UDEF and is not advertised. HWCAP_CPUID is
 * not advertised (the guest runs at EL1, so MRS of ID registers works, but there is no kernel
 * emulation to promise).
 */
final class UnicornFeatures {
    private UnicornFeatures() {}

    // arch/arm64/include/uapi/asm/hwcap.h
    static final long HWCAP_FP = 1L << 0;
    static final long HWCAP_ASIMD = 1L << 1;
    static final long HWCAP_AES = 1L << 3;
    static final long HWCAP_PMULL = 1L << 4;
    static final long HWCAP_SHA1 = 1L << 5;
    static final long HWCAP_SHA2 = 1L << 6;
    static final long HWCAP_CRC32 = 1L << 7;
    static final long HWCAP_ATOMICS = 1L << 8;

    static final CpuFeatures AARCH64 = new CpuFeatures(
            HWCAP_FP | HWCAP_ASIMD | HWCAP_AES | HWCAP_PMULL | HWCAP_SHA1 | HWCAP_SHA2 | HWCAP_CRC32,
            0, "aarch64", "ARM Cortex-A72");

    /**
     * mov eax,1; cpuid; mov r8,rdx; mov r9,rcx;
     * mov eax,0x80000002; cpuid; mov r10,rax; mov r11,rbx; mov r12,rcx; mov r13,rdx;
     * mov eax,0x80000003; cpuid; mov r14,rax; mov r15,rbx; mov rsi,rcx; mov rdi,rdx;
     * mov eax,0x80000004; cpuid; syscall
     */
    private static final String CPUID_PROBE = "b801000000 0fa2 4989d0 4989c9 b802000080 0fa2 4989c2 4989db"
            + " 4989cc 4989d5 b803000080 0fa2 4989c6 4989df 4889ce 4889d7 b804000080 0fa2 0f05";

    /** Runs CPUID on a fresh x86-64 engine: leaf 1 EDX and the brand string of 0x80000002..4. */
    static CpuFeatures measureX86() {
        byte[] code = HexFormat.of().parseHex(CPUID_PROBE.replace(" ", ""));
        try (AddressSpace as = new UnicornAddressSpace(UnicornArch.X86_64)) {
            long base = 0x10000;
            as.map(base, AddressSpace.PAGE_SIZE, UnicornAddressSpace.PROT_READ | UnicornAddressSpace.PROT_EXEC);
            as.writeIgnoringProtection(base, code, 0, code.length);
            ExecutionContext ctx = as.createContext();
            ctx.setPc(base);
            long[] leaf1 = new long[1];
            ByteBuffer brand = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
            StopReason r = ctx.run(c -> {
                leaf1[0] = c.register("r8") & 0xffffffffL;
                for (String reg : new String[] {"r10", "r11", "r12", "r13", "r14", "r15", "rsi", "rdi",
                    "rax", "rbx", "rcx", "rdx"}) {
                    brand.putInt((int) c.register(reg));
                }
                return false;
            });
            if (r.kind() != StopReason.Kind.STOPPED) {
                throw new IllegalStateException("CPUID probe ended with " + r);
            }
            String name = new String(brand.array(), java.nio.charset.StandardCharsets.US_ASCII);
            int nul = name.indexOf('\0');
            name = (nul >= 0 ? name.substring(0, nul) : name).trim();
            return new CpuFeatures(leaf1[0], 0, Arch.X86_64.unameMachine(), name.isEmpty() ? "QEMU64" : name);
        }
    }
}
