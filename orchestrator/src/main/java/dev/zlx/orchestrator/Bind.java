package dev.zlx.orchestrator;

import java.nio.file.Files;
import java.nio.file.Path;

/** A -v HOST:GUEST[:ro|:rw|:overlay] mount of a host directory. */
record Bind(Path host, String guest, Mode mode) {
    /** How the guest sees the host directory. */
    enum Mode {
        /** Read-write: the guest's changes reach the host directory. */
        RW,
        /** Read-only (EROFS). */
        RO,
        /** Read-only underneath a writable tmpfs layer: the guest may change it, the host never sees it. */
        OVERLAY
    }

    static Bind parse(String spec) throws UsageError {
        String[] parts = spec.split(":", -1);
        Mode mode = parts.length == 3 ? switch (parts[2]) {
            case "rw" -> Mode.RW;
            case "ro" -> Mode.RO;
            case "overlay" -> Mode.OVERLAY;
            default -> null;
        } : Mode.RW;
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty() || mode == null) {
            throw new UsageError("-v " + spec + " is not of the form HOSTDIR:GUESTDIR[:ro|:rw|:overlay]");
        }
        Path host = Path.of(parts[0]).toAbsolutePath().normalize();
        if (!Files.isDirectory(host)) {
            throw new UsageError("-v " + spec + ": " + host + " is not a directory on the host");
        }
        if (!parts[1].startsWith("/")) {
            throw new UsageError("-v " + spec + ": the guest path must be absolute");
        }
        return new Bind(host, parts[1], mode);
    }
}
