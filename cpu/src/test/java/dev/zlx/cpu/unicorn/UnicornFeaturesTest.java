package dev.zlx.cpu.unicorn;

import static dev.zlx.cpu.unicorn.Guest.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.CpuFeatures;
import dev.zlx.cpu.StopReason.Kind;
import org.junit.jupiter.api.Test;

class UnicornFeaturesTest {
    private static final int SVC0 = 0xd4000001;

    private static Kind runArm64(int insn) {
        try (Guest g = new Guest(Arch.AARCH64, words(insn, SVC0))) {
            g.ctx.setRegister("x0", Guest.DATA);
            return g.ctx.run(c -> false).kind();
        }
    }

    @Test
    void arm64_defaultModelIsCortexA72() {
        try (UnicornAddressSpace as = new UnicornAddressSpace(UnicornArch.AARCH64)) {
            assertEquals(UcConst.UC_CPU_ARM64_A72, as.uc.cpuModel());
        }
    }

    @Test
    void arm64_advertisedHwcapInstructionsExecute() {
        CpuFeatures f = Guest.BACKEND.features(Arch.AARCH64);
        assertEquals("aarch64", f.platform());
        assertEquals(0xfbL, f.hwcap());
        assertEquals(Kind.STOPPED, runArm64(0x4e284820), "aese v0.16b, v1.16b (HWCAP_AES)");
        assertEquals(Kind.STOPPED, runArm64(0x0ee2e020), "pmull v0.1q, v1.1d, v2.1d (HWCAP_PMULL)");
        assertEquals(Kind.STOPPED, runArm64(0x5e280820), "sha1h s0, s1 (HWCAP_SHA1)");
        assertEquals(Kind.STOPPED, runArm64(0x5e024020), "sha256h q0, q1, v2.4s (HWCAP_SHA2)");
        assertEquals(Kind.STOPPED, runArm64(0x9ac24c20), "crc32x w0, w1, x2 (HWCAP_CRC32)");
    }

    @Test
    void arm64_lseAtomicsAreNotEmulated_andNotAdvertised() {
        assertEquals(Kind.ILLEGAL_INSTRUCTION, runArm64(0xf8210002), "ldadd x1, x2, [x0]");
        assertFalse((Guest.BACKEND.features(Arch.AARCH64).hwcap() & UnicornFeatures.HWCAP_ATOMICS) != 0);
    }

    @Test
    void x86_hwcapIsCpuidLeaf1Edx() {
        CpuFeatures f = Guest.BACKEND.features(Arch.X86_64);
        assertEquals("x86_64", f.platform());
        assertEquals(0, f.hwcap2());
        assertEquals(0x07888111L, f.hwcap(), "patched CPUID leaf 1 EDX: FPU TSC CX8 CMOV CLFSH MMX FXSR SSE SSE2");
        assertTrue(!f.modelName().isEmpty());
    }

    @Test
    void version_is2() {
        assertTrue(UnicornBackend.version().startsWith("2."));
    }
}
