package dev.zlx.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuinfoFlagsTest {
    /** The CPUID words zlx's x86-64 guest sees give the flags Linux prints for them, in its order. */
    @Test
    void x86_wordsInLinuxOrder() {
        assertEquals(List.of("fpu", "tsc", "cx8", "cmov", "clflush", "mmx", "fxsr", "sse", "sse2", "syscall", "nx",
                "rdtscp", "lm", "pni", "ssse3", "cx16", "sse4_1", "sse4_2", "aes", "lahf_lm", "abm", "bmi1", "adx"),
                CpuinfoFlags.x86(0x07888111, 0x28100800, 0x02182201, 0x21, 0x00080008));
    }

    @Test
    void arm64_hwcapNames() {
        assertEquals(List.of("fp", "asimd", "aes", "pmull", "sha1", "sha2", "crc32"), CpuinfoFlags.arm64(0xfb));
    }
}
