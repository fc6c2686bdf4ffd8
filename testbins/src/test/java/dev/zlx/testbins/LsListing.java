package dev.zlx.testbins;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Normalises an {@code ls -l} listing of {@code /} so that a listing made under zlx can be
 * compared with a native one. What is compared, and why:
 * <ul>
 * <li>Whitespace runs become one space: both ls implementations pad columns to the widest
 *     value, so one legitimately different entry would otherwise shift every line.</li>
 * <li>The {@code total} line is dropped: it sums the blocks of the volatile entries below.</li>
 * <li>For {@code proc}, {@code sys} and {@code dev} only the mode and the name are kept: under
 *     zlx these are zlx's own synthetic file systems, whose link counts, sizes and times
 *     legitimately differ from the host's. For {@code tmp}, {@code run}, {@code .} and
 *     {@code ..} likewise: their times change whenever anything on the host (including this
 *     test run) creates a file in them.</li>
 * <li>Every other entry is compared in full: mode, links, owner, group, size, time, name, target.</li>
 * </ul>
 */
final class LsListing {
    private static final Set<String> VOLATILE = Set.of("proc", "sys", "dev", "tmp", "run", ".", "..");

    private LsListing() {}

    static String normalise(String listing) {
        return listing.lines()
                .filter(l -> !l.startsWith("total "))
                .map(LsListing::normaliseLine)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String normaliseLine(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 9) {
            return String.join(" ", f);
        }
        String name = String.join(" ", java.util.Arrays.copyOfRange(f, 8, f.length));
        String bare = name.contains(" -> ") ? name.substring(0, name.indexOf(" -> ")) : name;
        return VOLATILE.contains(bare) ? f[0] + " … " + name : String.join(" ", f);
    }
}
