package dev.zlx.kernel;

import dev.zlx.abi.Arch;

/**
 * How much Linux randomises a new address space, per architecture (the defaults of arch/x86
 * and arch/arm64 with 4 KiB pages). The fixed points (TASK_SIZE, ELF_ET_DYN_BASE) are the ELF
 * loader's.
 *
 * @param mmapRandomBits mmap_rnd_bits: randomness of the mmap base and the PIE base, in pages
 * @param stackRandomMask STACK_RND_MASK: randomness of the stack top, in pages
 * @param brkRandomRange the range of the program break's random offset (randomize_brk)
 */
public record ArchLayout(int mmapRandomBits, long stackRandomMask, long brkRandomRange) {
    public static ArchLayout of(Arch arch) {
        return switch (arch) {
            case X86_64 -> new ArchLayout(28, 0x3fffffL, 0x02000000L);
            case AARCH64 -> new ArchLayout(18, 0x3ffffL, 0x40000000L);
        };
    }
}
