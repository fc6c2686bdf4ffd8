package dev.zlx.procfs.sysctl;

import dev.zlx.abi.Errno;

/**
 * A number written to a numeric sysctl, parsed as proc_dointvec, proc_douintvec and
 * proc_doulongvec_minmax do
 * (kernel/sysctl.c proc_get_long): leading white space skipped, an optional '-', digits in base
 * 0 (0x hex, leading 0 octal, else decimal), at most 21 characters, then only a space, tab or
 * newline (or the end). Anything else, an empty write and an overflow are EINVAL. Whatever
 * follows the number and its white space is ignored (Linux does not consume it: its write
 * returns a short count).
 */
final class IntegerWrite {
    private IntegerWrite() {
    }

    /** TMPBUFLEN - 1: a number this long might go on, so Linux refuses it. */
    private static final int MAX_LENGTH = 21;

    /** The value of a write to an int sysctl within [min, max] (proc_dointvec_minmax). */
    static int signed(String written, long min, long max) {
        long v = parse(written, true);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE || v < min || v > max) {
            throw Errno.EINVAL.exception();
        }
        return (int) v;
    }

    /** The value of a write to an unsigned int sysctl (proc_douintvec): no '-' at all. */
    static long unsigned(String written) {
        long v = parse(written, false);
        if (v > 0xffffffffL) {
            throw Errno.EINVAL.exception();
        }
        return v;
    }

    /** The value of a write to an unsigned long sysctl within [0, LONG_MAX] (proc_doulongvec_minmax). */
    static long unsignedLong(String written) {
        return parse(written, false);
    }

    private static long parse(String written, boolean signedAllowed) {
        int i = 0;
        int n = written.length();
        while (i < n && isSpace(written.charAt(i))) {
            i++;
        }
        if (i == n) {
            throw Errno.EINVAL.exception();
        }
        int start = i;
        boolean negative = written.charAt(i) == '-' && n - i > 1;
        if (negative) {
            if (!signedAllowed) {
                throw Errno.EINVAL.exception();
            }
            i++;
        }
        if (i == n || !isDigit(written.charAt(i))) {
            throw Errno.EINVAL.exception();
        }
        int radix = 10;
        if (written.charAt(i) == '0') {
            boolean hex = i + 2 < n && (written.charAt(i + 1) | 0x20) == 'x'
                    && Character.digit(written.charAt(i + 2), 16) >= 0;
            radix = hex ? 16 : 8;
            if (hex) {
                i += 2;
            }
        }
        int digits = i;
        while (i < n && Character.digit(written.charAt(i), radix) >= 0 && written.charAt(i) < 0x80) {
            i++;
        }
        if (i - start >= MAX_LENGTH) {
            throw Errno.EINVAL.exception();
        }
        if (i < n && " \t\n".indexOf(written.charAt(i)) < 0) {
            throw Errno.EINVAL.exception();
        }
        long magnitude;
        try {
            magnitude = Long.parseUnsignedLong(written.substring(digits, i), radix);
        } catch (NumberFormatException e) {
            throw Errno.EINVAL.exception();
        }
        if (magnitude < 0) {
            throw Errno.EINVAL.exception(); // beyond what the checks below can compare
        }
        return negative ? -magnitude : magnitude;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
