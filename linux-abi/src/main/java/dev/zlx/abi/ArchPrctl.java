package dev.zlx.abi;

/**
 * Codes of arch_prctl(2), from x86-64's asm/prctl.h (the syscall exists only on x86-64).
 */
public final class ArchPrctl {
    private ArchPrctl() {
    }

    // arch_prctl codes
    /** Set the GS base. */
    public static final int ARCH_SET_GS = 0x1001;
    /** Set the FS base. */
    public static final int ARCH_SET_FS = 0x1002;
    /** Get the FS base. */
    public static final int ARCH_GET_FS = 0x1003;
    /** Get the GS base. */
    public static final int ARCH_GET_GS = 0x1004;
    /** Whether cpuid is enabled. */
    public static final int ARCH_GET_CPUID = 0x1011;
    /** Enable or disable cpuid. */
    public static final int ARCH_SET_CPUID = 0x1012;

}
