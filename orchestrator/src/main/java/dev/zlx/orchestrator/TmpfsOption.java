package dev.zlx.orchestrator;

import java.util.Locale;

/**
 * A --tmpfs GUEST_PATH[:size=BYTES|Nk|Nm|Ng][,mode=OCTAL] mount, as docker's --tmpfs takes it.
 *
 * @param guest the absolute guest directory
 * @param size the limit in bytes, or 0 for the default (half of the guest's memory, as Linux)
 * @param mode the root directory's permission bits (default 1777)
 */
record TmpfsOption(String guest, long size, int mode) {
    static final int DEFAULT_MODE = 01777;

    static TmpfsOption parse(String spec) throws UsageError {
        int colon = spec.indexOf(':');
        String guest = colon < 0 ? spec : spec.substring(0, colon);
        if (!guest.startsWith("/")) {
            throw new UsageError("--tmpfs " + spec + ": the guest path must be absolute");
        }
        long size = 0;
        int mode = DEFAULT_MODE;
        if (colon >= 0) {
            for (String opt : spec.substring(colon + 1).split(",", -1)) {
                if (opt.startsWith("size=")) {
                    size = parseSize(spec, opt.substring(5));
                } else if (opt.startsWith("mode=")) {
                    mode = parseMode(spec, opt.substring(5));
                } else {
                    throw new UsageError("--tmpfs " + spec + ": unknown option '" + opt
                            + "' (expected size=BYTES|Nk|Nm|Ng or mode=OCTAL)");
                }
            }
        }
        return new TmpfsOption(guest, size, mode);
    }

    private static long parseSize(String spec, String value) throws UsageError {
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
        try {
            long n = Long.parseLong(digits);
            if (n <= 0 || !digits.matches("[0-9]+") || n > (Long.MAX_VALUE >> Math.max(shift, 0))) {
                throw new NumberFormatException();
            }
            return n << Math.max(shift, 0);
        } catch (NumberFormatException e) {
            throw new UsageError("--tmpfs " + spec + ": size=" + value + " is not a positive size (BYTES, Nk, Nm or Ng)");
        }
    }

    private static int parseMode(String spec, String value) throws UsageError {
        if (!value.matches("[0-7]{1,4}")) {
            throw new UsageError("--tmpfs " + spec + ": mode=" + value + " is not an octal mode (at most 7777)");
        }
        return Integer.parseInt(value, 8);
    }
}
