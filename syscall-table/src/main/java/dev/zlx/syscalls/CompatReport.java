package dev.zlx.syscalls;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a guest asked for that zlx does not implement: syscalls answered with ENOSYS and
 * flags or requests answered with EINVAL/ENOTTY/ENOSYS for want of support, with counts.
 * The advisor and {@code --report} print it.
 */
public final class CompatReport {
    private final Map<String, LongAdder> missingSyscalls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> missingFeatures = new ConcurrentHashMap<>();

    /** Counts a call of a syscall zlx does not implement (name, or "syscall_N" if unknown). */
    public void missingSyscall(String name) {
        missingSyscalls.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    /** Counts a use of an unsupported flag or request of an implemented syscall. */
    public void missingFeature(String syscall, String feature) {
        missingFeatures.computeIfAbsent(syscall + ": " + feature, k -> new LongAdder()).increment();
    }

    public boolean isEmpty() {
        return missingSyscalls.isEmpty() && missingFeatures.isEmpty();
    }

    /** Snapshot of unimplemented syscalls and their counts, by name. */
    public Map<String, Long> missingSyscalls() {
        Map<String, Long> out = new TreeMap<>();
        missingSyscalls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Snapshot of unsupported features and their counts. */
    public Map<String, Long> missingFeatures() {
        Map<String, Long> out = new TreeMap<>();
        missingFeatures.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Prints the report in a form meant for people. */
    public void print(PrintStream out) {
        if (isEmpty()) {
            out.println("zlx report: the program used no syscall or flag that zlx lacks");
            return;
        }
        out.println("zlx report: unsupported by zlx (the guest got an error for each):");
        missingSyscalls().forEach((name, n) -> out.printf("  syscall %-24s %d call%s (ENOSYS)%n", name, n, n == 1 ? "" : "s"));
        missingFeatures().forEach((name, n) -> out.printf("  %-32s %d use%s%n", name, n, n == 1 ? "" : "s"));
    }
}
