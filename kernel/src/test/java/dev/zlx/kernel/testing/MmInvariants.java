package dev.zlx.kernel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.zlx.kernel.mm.Mm;
import dev.zlx.kernel.mm.Vma;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Checks that an {@link Mm}'s VMAs and its {@link FakeAddressSpace} agree: the VMAs are
 * page-aligned, non-empty, sorted and disjoint; every page of a VMA is mapped with the VMA's
 * protection; and no page is mapped outside the VMAs.
 */
public final class MmInvariants {
    private MmInvariants() {
    }

    public static void check(Mm mm) {
        FakeAddressSpace space = (FakeAddressSpace) mm.space();
        List<Vma> vmas = mm.vmas();
        NavigableMap<Long, Integer> expected = new TreeMap<>();
        long previousEnd = Long.MIN_VALUE;
        long total = 0;
        for (Vma v : vmas) {
            String what = describe(v);
            assertEquals(0, v.start() % Mm.PAGE, "unaligned start of " + what);
            assertEquals(0, v.end() % Mm.PAGE, "unaligned end of " + what);
            assertTrue(v.start() < v.end(), "empty " + what);
            assertTrue(v.start() >= previousEnd, "overlapping or unsorted " + what);
            assertTrue(v.end() <= mm.taskSize(), what + " above TASK_SIZE");
            previousEnd = v.end();
            total += v.length();
            for (long p = v.start(); p < v.end(); p += Mm.PAGE) {
                expected.put(p, v.prot());
            }
        }
        assertEquals(total, mm.totalMapped(), "totalMapped disagrees with the VMAs");
        NavigableMap<Long, Integer> actual = space.mappedPages();
        if (!expected.equals(actual)) {
            StringBuilder diff = new StringBuilder("VMAs and the address space disagree:");
            for (Map.Entry<Long, Integer> e : expected.entrySet()) {
                Integer got = actual.get(e.getKey());
                if (!e.getValue().equals(got)) {
                    diff.append("\n  page 0x").append(Long.toHexString(e.getKey())).append(": VMA prot ")
                            .append(e.getValue()).append(", mapped ").append(got == null ? "no" : "prot " + got);
                }
            }
            for (Long page : actual.keySet()) {
                if (!expected.containsKey(page)) {
                    diff.append("\n  page 0x").append(Long.toHexString(page)).append(" mapped outside every VMA");
                }
            }
            fail(diff.toString());
        }
    }

    private static String describe(Vma v) {
        return "VMA [0x" + Long.toHexString(v.start()) + ", 0x" + Long.toHexString(v.end()) + ")";
    }
}
