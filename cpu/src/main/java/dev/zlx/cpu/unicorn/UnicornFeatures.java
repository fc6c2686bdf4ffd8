package dev.zlx.cpu.unicorn;

import dev.zlx.abi.Arch;
import dev.zlx.abi.CpuinfoFlags;
import dev.zlx.cpu.CpuFeatures;

/**
 * What the Unicorn 2.0.1 CPUs offer a guest.
 *
 * <p>x86-64: the default model is QEMU64. AT_HWCAP is CPUID leaf 1 EDX of the patched table the
 * guest's CPUID returns ({@link X86Cpuid}: 0x07888111 with 2.0.1, FPU TSC CX8 CMOV CLFSH MMX
 * FXSR SSE SSE2); AT_HWCAP2 is 0 (bit 1, FSGSBASE, is not supported: rdfsbase raises #UD); the
 * model name is the CPUID brand string.
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

    /** MIDR_EL1 of Unicorn's Cortex-A72: implementer 0x41, variant 0, architecture 0xf, part 0xd08, r0p3. */
    static final int MIDR_A72 = 0x410fd083;

    static final CpuFeatures AARCH64 = new CpuFeatures(
            HWCAP_FP | HWCAP_ASIMD | HWCAP_AES | HWCAP_PMULL | HWCAP_SHA1 | HWCAP_SHA2 | HWCAP_CRC32,
            0, "aarch64", "ARM Cortex-A72", "0x41", MIDR_A72,
            CpuinfoFlags.arm64(HWCAP_FP | HWCAP_ASIMD | HWCAP_AES | HWCAP_PMULL | HWCAP_SHA1 | HWCAP_SHA2 | HWCAP_CRC32));

    /** AT_HWCAP = leaf 1 EDX of the CPUID table the guest sees; model name = its brand string. */
    static CpuFeatures measureX86() {
        X86Cpuid t = X86Cpuid.table();
        String name = t.brand();
        return new CpuFeatures(t.hwcap(), 0, Arch.X86_64.unameMachine(), name.isEmpty() ? "QEMU64" : name,
                t.vendor(), t.signature(), t.flags());
    }
}
