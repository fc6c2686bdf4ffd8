package dev.zlx.orchestrator;

import java.nio.file.Files;
import java.nio.file.Path;

/** A -v HOST:GUEST[:ro] bind mount. */
record Bind(Path host, String guest, boolean readOnly) {
    static Bind parse(String spec) throws UsageError {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()
                || (parts.length == 3 && !parts[2].equals("ro") && !parts[2].equals("rw"))) {
            throw new UsageError("-v " + spec + " is not of the form HOSTDIR:GUESTDIR[:ro]");
        }
        Path host = Path.of(parts[0]).toAbsolutePath().normalize();
        if (!Files.isDirectory(host)) {
            throw new UsageError("-v " + spec + ": " + host + " is not a directory on the host");
        }
        if (!parts[1].startsWith("/")) {
            throw new UsageError("-v " + spec + ": the guest path must be absolute");
        }
        return new Bind(host, parts[1], parts.length == 3 && parts[2].equals("ro"));
    }
}
