package dev.zlx.procfs.pid;

/** A CPU mask as bitmap_print_to_pagebuf prints it: hex in 32-bit groups, most significant first. */
final class CpuMask {
    private CpuMask() {
    }

    /** The mask of CPUs 0..count-1. */
    static String hex(int count) {
        int groups = Math.max(1, (count + 31) / 32);
        StringBuilder sb = new StringBuilder();
        for (int g = groups - 1; g >= 0; g--) {
            int bits = Math.min(32, Math.max(0, count - 32 * g));
            long word = bits == 32 ? 0xffffffffL : (1L << bits) - 1;
            if (sb.length() > 0) {
                sb.append(',').append(String.format("%08x", word));
            } else {
                sb.append(Long.toHexString(word));
            }
        }
        return sb.toString();
    }
}
