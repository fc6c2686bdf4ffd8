package dev.zlx.orchestrator;

import java.util.Locale;

/** A size option's value: BYTES, Nk, Nm or Ng (binary multiples, as docker's). */
final class ByteSize {
    private ByteSize() {
    }

    /** The size in bytes, or -1 when value is not a positive size. */
    static long parse(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        int shift = 0;
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                default -> shift = -1;
            }
        }
        String digits = shift > 0 ? v.substring(0, v.length() - 1) : v;
        if (!digits.matches("[0-9]{1,18}")) {
            return -1;
        }
        long n = Long.parseLong(digits);
        if (n <= 0 || n > (Long.MAX_VALUE >> Math.max(shift, 0))) {
            return -1;
        }
        return n << Math.max(shift, 0);
    }
}
