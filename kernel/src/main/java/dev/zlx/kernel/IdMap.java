package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.abi.UserNamespaces;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A user namespace's uid or gid map (struct uid_gid_map): extents "first lower count" saying
 * that ids first..first+count-1 inside the namespace are lower..lower+count-1 outside. Ids are
 * u32 values held in longs; -1 ({@link #INVALID}) is never an id.
 */
public final class IdMap {
    /** (u32) -1: no id (INVALID_UID / INVALID_GID). */
    public static final long INVALID = 0xffff_ffffL;

    /** One line of a map. */
    public record Extent(long first, long lower, long count) {
    }

    /** The initial namespace's map: every id is itself. */
    public static final IdMap IDENTITY = new IdMap(List.of(new Extent(0, 0, INVALID)));
    /** A map not yet written: nothing is mapped. */
    public static final IdMap EMPTY = new IdMap(List.of());

    private final List<Extent> extents;

    IdMap(List<Extent> extents) {
        this.extents = List.copyOf(extents);
    }

    public List<Extent> extents() {
        return extents;
    }

    public boolean isEmpty() {
        return extents.isEmpty();
    }

    /** map_id_down: the outside id of an inside one, or INVALID. */
    public long down(long id) {
        for (Extent e : extents) {
            if (id >= e.first() && id - e.first() < e.count()) {
                return e.lower() + (id - e.first());
            }
        }
        return INVALID;
    }

    /** map_id_range_down: the outside id of the first of count inside ids, all in one extent; or INVALID. */
    long rangeDown(long id, long count) {
        long last = id + count - 1;
        for (Extent e : extents) {
            if (id >= e.first() && last >= e.first() && id - e.first() < e.count() && last - e.first() < e.count()) {
                return e.lower() + (id - e.first());
            }
        }
        return INVALID;
    }

    /** map_id_up: the inside id of an outside one, or INVALID. */
    public long up(long id) {
        for (Extent e : extents) {
            if (id >= e.lower() && id - e.lower() < e.count()) {
                return e.first() + (id - e.lower());
            }
        }
        return INVALID;
    }

    /**
     * map_write's parsing: lines "first lower count" of decimal u32s separated by white space,
     * newline-terminated except perhaps the last; EINVAL for junk, -1 as an id, a zero count or
     * one that wraps, overlapping lines, more than 340 lines, or no line at all.
     */
    static IdMap parse(byte[] text) {
        String s = new String(text, StandardCharsets.ISO_8859_1);
        int nul = s.indexOf('\0');
        if (nul >= 0) {
            s = s.substring(0, nul); // memdup_user_nul: the text ends at a NUL
        }
        List<Extent> out = new ArrayList<>();
        int pos = 0;
        while (pos >= 0) {
            int nl = s.indexOf('\n', pos);
            String line = nl < 0 ? s.substring(pos) : s.substring(pos, nl);
            pos = nl < 0 || nl + 1 == s.length() ? -1 : nl + 1;
            Extent e = parseLine(line);
            // u32 sums, as the kernel's: a zero count or a range that wraps is refused.
            if (e.first() == INVALID || e.lower() == INVALID || ((e.first() + e.count()) & INVALID) <= e.first()
                    || ((e.lower() + e.count()) & INVALID) <= e.lower()) {
                throw Errno.EINVAL.exception();
            }
            for (Extent prev : out) {
                if (overlaps(prev.first(), e.first(), prev.count(), e.count())
                        || overlaps(prev.lower(), e.lower(), prev.count(), e.count())) {
                    throw Errno.EINVAL.exception();
                }
            }
            if (out.size() + 1 == UserNamespaces.MAP_MAX_EXTENTS && pos >= 0) {
                throw Errno.EINVAL.exception();
            }
            out.add(e);
        }
        return new IdMap(out);
    }

    private static boolean overlaps(long a, long b, long countA, long countB) {
        return a <= b + countB - 1 && b <= a + countA - 1;
    }

    /** One line: three numbers as simple_strtoul reads them, white space between, nothing after. */
    private static Extent parseLine(String line) {
        long[] v = new long[3];
        int i = skipSpaces(line, 0);
        for (int k = 0; k < 3; k++) {
            long n = 0;
            while (i < line.length() && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
                n = n * 10 + (line.charAt(i) - '0'); // wraps as unsigned long does
                i++;
            }
            if (k < 2 ? i >= line.length() || !isSpace(line.charAt(i)) : i < line.length() && !isSpace(line.charAt(i))) {
                throw Errno.EINVAL.exception();
            }
            v[k] = n & INVALID; // the extent's fields are u32
            i = skipSpaces(line, i);
        }
        if (i != line.length()) {
            throw Errno.EINVAL.exception();
        }
        return new Extent(v[0], v[1], v[2]);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The map as a namespace's files show it; lower ids pass through the reader's view. */
    public String show(java.util.function.LongUnaryOperator lowerAsSeen) {
        StringBuilder sb = new StringBuilder();
        for (Extent e : extents) {
            sb.append(String.format("%10d %10d %10d\n", e.first(), lowerAsSeen.applyAsLong(e.lower()), e.count()));
        }
        return sb.toString();
    }
}
