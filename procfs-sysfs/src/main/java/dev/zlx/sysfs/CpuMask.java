package dev.zlx.sysfs;

import java.util.BitSet;

/**
 * A set of CPUs printed as the kernel prints cpumasks: the list form ("%*pbl": "0-3,6") and the
 * bitmap form ("%*pb": hex in 32-bit chunks separated by commas, nr_cpu_ids bits wide, the
 * first chunk only as wide as its bits need).
 */
record CpuMask(BitSet cpus, int width) {
    static CpuMask of(int width, int... cpus) {
        BitSet set = new BitSet(width);
        for (int c : cpus) {
            set.set(c);
        }
        return new CpuMask(set, width);
    }

    static CpuMask range(int width, int from, int to) {
        BitSet set = new BitSet(width);
        set.set(from, to);
        return new CpuMask(set, width);
    }

    /** bitmap_print_list_to_buf's text, without the newline. */
    String list() {
        StringBuilder sb = new StringBuilder();
        for (int start = cpus.nextSetBit(0); start >= 0; start = cpus.nextSetBit(start)) {
            int end = cpus.nextClearBit(start) - 1;
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(start);
            if (end > start) {
                sb.append('-').append(end);
            }
            start = end + 1;
        }
        return sb.toString();
    }

    /** bitmap_string's text (lib/vsprintf.c), without the newline. */
    String bitmap() {
        StringBuilder sb = new StringBuilder();
        int chunk = width % 32 == 0 ? 32 : width % 32;
        for (int i = (width + 31) / 32 * 32 - 32; i >= 0; i -= 32) {
            long val = 0;
            for (int b = 0; b < chunk; b++) {
                if (cpus.get(i + b)) {
                    val |= 1L << b;
                }
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            String hex = Long.toHexString(val);
            sb.append("0".repeat(Math.max(0, (chunk + 3) / 4 - hex.length()))).append(hex);
            chunk = 32;
        }
        return sb.toString();
    }
}
