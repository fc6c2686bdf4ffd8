package dev.zlx.vfs.tmpfs;

import dev.zlx.abi.Errno;
import java.util.Locale;

/**
 * tmpfs mount options as mount(2)'s data string gives them (mm/shmem.c): size=N[kmgtpe] or
 * N%, nr_blocks=N, nr_inodes=N, mode=OCTAL, uid=N, gid=N, huge=…, mpol=…, noswap; an unknown
 * option or a bad value is EINVAL.
 *
 * @param size the limit in bytes, or 0 for the default (half of the memory)
 * @param mode the root directory's mode
 * @param uid the root directory's owner
 * @param gid the root directory's group
 */
public record TmpFsOptions(long size, int mode, int uid, int gid) {
    /** Parses data (null or empty: the defaults) against memoryBytes for N% sizes. */
    public static TmpFsOptions parse(String data, long memoryBytes) {
        long size = 0;
        int mode = 01777;
        int uid = 0;
        int gid = 0;
        if (data == null || data.isEmpty()) {
            return new TmpFsOptions(size, mode, uid, gid);
        }
        for (String option : data.split(",")) {
            if (option.isEmpty()) {
                continue;
            }
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            String value = eq < 0 ? null : option.substring(eq + 1);
            switch (key) {
                case "size" -> size = sizeOf(value, memoryBytes);
                case "nr_blocks" -> size = number(value) * TmpFs.PAGE_SIZE;
                case "nr_inodes", "huge", "mpol" -> requireValue(value);
                case "noswap", "inode32", "inode64" -> requireNoValue(value);
                case "mode" -> mode = (int) octal(value) & 07777;
                case "uid" -> uid = (int) number(value);
                case "gid" -> gid = (int) number(value);
                default -> throw Errno.EINVAL.exception();
            }
        }
        return new TmpFsOptions(size, mode, uid, gid);
    }

    private static void requireValue(String value) {
        if (value == null || value.isEmpty()) {
            throw Errno.EINVAL.exception();
        }
    }

    private static void requireNoValue(String value) {
        if (value != null) {
            throw Errno.EINVAL.exception();
        }
    }

    /** memparse: digits with an optional k, m, g, t, p or e suffix, or a percentage of memory. */
    private static long sizeOf(String value, long memoryBytes) {
        requireValue(value);
        String v = value.toLowerCase(Locale.ROOT);
        if (v.endsWith("%")) {
            long percent = number(v.substring(0, v.length() - 1));
            return Math.max(TmpFs.PAGE_SIZE, memoryBytes / 100 * percent);
        }
        int shift = switch (v.charAt(v.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            case 'p' -> 50;
            case 'e' -> 60;
            default -> 0;
        };
        long n = number(shift == 0 ? v : v.substring(0, v.length() - 1));
        if (n > (Long.MAX_VALUE >> shift)) {
            throw Errno.EINVAL.exception();
        }
        return n << shift;
    }

    private static long number(String value) {
        requireValue(value);
        if (!value.matches("[0-9]{1,18}")) {
            throw Errno.EINVAL.exception();
        }
        return Long.parseLong(value);
    }

    private static long octal(String value) {
        requireValue(value);
        if (!value.matches("[0-7]{1,6}")) {
            throw Errno.EINVAL.exception();
        }
        return Long.parseLong(value, 8);
    }
}
