package dev.zlx.orchestrator;


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
        long size = ByteSize.parse(value);
        if (size < 0) {
            throw new UsageError("--tmpfs " + spec + ": size=" + value + " is not a positive size (BYTES, Nk, Nm or Ng)");
        }
        return size;
    }

    private static int parseMode(String spec, String value) throws UsageError {
        if (!value.matches("[0-7]{1,4}")) {
            throw new UsageError("--tmpfs " + spec + ": mode=" + value + " is not an octal mode (at most 7777)");
        }
        return Integer.parseInt(value, 8);
    }
}
