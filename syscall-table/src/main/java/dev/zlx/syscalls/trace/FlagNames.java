package dev.zlx.syscalls.trace;

import java.util.ArrayList;
import java.util.List;

/** Renders bit masks and enumerations as strace does: names joined by '|', unknown bits in hex. */
final class FlagNames {
    private final List<long[]> bits = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    FlagNames add(String name, long value) {
        bits.add(new long[] {value});
        names.add(name);
        return this;
    }

    /** Names every set flag; zeroName when nothing is set. */
    String mask(long value, String zeroName) {
        if (value == 0) {
            return zeroName;
        }
        StringBuilder sb = new StringBuilder();
        long rest = value;
        for (int i = 0; i < bits.size(); i++) {
            long b = bits.get(i)[0];
            if (b != 0 && (rest & b) == b) {
                if (!sb.isEmpty()) {
                    sb.append('|');
                }
                sb.append(names.get(i));
                rest &= ~b;
            }
        }
        if (rest != 0) {
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            sb.append("0x").append(Long.toHexString(rest));
        }
        return sb.toString();
    }

    /** The name of an exact value, or the number. */
    String value(long value) {
        String n = nameOf(value);
        return n == null ? Long.toString(value) : n;
    }

    /** The name of an exact value, or null. */
    String nameOf(long value) {
        for (int i = 0; i < bits.size(); i++) {
            if (bits.get(i)[0] == value) {
                return names.get(i);
            }
        }
        return null;
    }
}
