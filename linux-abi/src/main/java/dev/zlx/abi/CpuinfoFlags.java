package dev.zlx.abi;

import java.util.ArrayList;
import java.util.List;

/**
 * The feature names /proc/cpuinfo prints: x86's "flags" (arch/x86/include/asm/cpufeatures.h,
 * in Linux's word order) and arm64's "Features" (the HWCAP names of arch/arm64/kernel/cpuinfo.c).
 * A null entry is a bit Linux does not name.
 */
public final class CpuinfoFlags {
    private CpuinfoFlags() {
    }

    /** Word 0: CPUID 1 EDX. */
    private static final String[] X86_LEAF1_EDX = {"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8",
        "apic", null, "sep", "mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", null, "dts", "acpi",
        "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe"};
    /** Word 1: CPUID 0x80000001 EDX (the bits that duplicate word 0 are unnamed). */
    private static final String[] X86_EXT1_EDX = {null, null, null, null, null, null, null, null, null, null,
        null, "syscall", null, null, null, null, null, null, null, "mp", "nx", null, "mmxext", null, null,
        "fxsr_opt", "pdpe1gb", "rdtscp", null, "lm", "3dnowext", "3dnow"};
    /** Word 4: CPUID 1 ECX. */
    private static final String[] X86_LEAF1_ECX = {"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx",
        "est", "tm2", "ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", null, "pcid", "dca", "sse4_1",
        "sse4_2", "x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes", "xsave", "osxsave", "avx", "f16c",
        "rdrand", "hypervisor"};
    /** Word 6: CPUID 0x80000001 ECX. */
    private static final String[] X86_EXT1_ECX = {"lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm",
        "sse4a", "misalignsse", "3dnowprefetch", "osvw", "ibs", "xop", "skinit", "wdt", null, "lwp", "fma4",
        "tce", null, "nodeid_msr", null, "tbm", "topoext", "perfctr_core", "perfctr_nb", null, "bpext", "ptsc",
        "perfctr_llc", "mwaitx", null, null};
    /** Word 9: CPUID 7.0 EBX. */
    private static final String[] X86_LEAF7_EBX = {"fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2", null,
        "smep", "bmi2", "erms", "invpcid", "rtm", "cqm", null, "mpx", "rdt_a", "avx512f", "avx512dq", "rdseed",
        "adx", "smap", "avx512ifma", null, "clflushopt", "clwb", "intel_pt", "avx512pf", "avx512er", "avx512cd",
        "sha_ni", "avx512bw", "avx512vl"};
    /** arm64 HWCAP bits 0..31. */
    private static final String[] ARM64_HWCAP = {"fp", "asimd", "evtstrm", "aes", "pmull", "sha1", "sha2", "crc32",
        "atomics", "fphp", "asimdhp", "cpuid", "asimdrdm", "jscvt", "fcma", "lrcpc", "dcpop", "sha3", "sm3", "sm4",
        "asimddp", "sha512", "sve", "asimdfhm", "dit", "uscat", "ilrcpc", "flagm", "ssbs", "sb", "paca", "pacg"};

    /** x86 flags in Linux's order for the given CPUID words. */
    public static List<String> x86(int leaf1Edx, int ext1Edx, int leaf1Ecx, int ext1Ecx, int leaf7Ebx) {
        List<String> out = new ArrayList<>();
        add(out, X86_LEAF1_EDX, leaf1Edx);
        add(out, X86_EXT1_EDX, ext1Edx);
        add(out, X86_LEAF1_ECX, leaf1Ecx);
        add(out, X86_EXT1_ECX, ext1Ecx);
        add(out, X86_LEAF7_EBX, leaf7Ebx);
        return out;
    }

    /** arm64 Features for AT_HWCAP (bits past 31 and HWCAP2 are not named here). */
    public static List<String> arm64(long hwcap) {
        List<String> out = new ArrayList<>();
        add(out, ARM64_HWCAP, (int) hwcap);
        return out;
    }

    private static void add(List<String> out, String[] names, int word) {
        for (int bit = 0; bit < 32; bit++) {
            if ((word & (1 << bit)) != 0 && names[bit] != null) {
                out.add(names[bit]);
            }
        }
    }
}
