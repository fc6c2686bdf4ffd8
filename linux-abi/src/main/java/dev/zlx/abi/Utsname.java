package dev.zlx.abi;

import java.nio.charset.StandardCharsets;

/**
 * struct new_utsname of uname(2) (linux/utsname.h): six NUL-padded fields of LENGTH bytes each —
 * sysname, nodename, release, version, machine, domainname — 390 bytes in all. Longer values are
 * cut to LENGTH - 1 bytes so that every field stays NUL-terminated.
 */
public record Utsname(String sysname, String nodename, String release, String version, String machine,
        String domainname) {
    /** The length of each field (__NEW_UTS_LEN + 1). */
    public static final int LENGTH = 65;
    /** sizeof(struct new_utsname). */
    public static final int SIZE = 6 * LENGTH;

    /** This utsname as SIZE bytes, each field UTF-8 and NUL-padded. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        String[] fields = {sysname, nodename, release, version, machine, domainname};
        for (int i = 0; i < fields.length; i++) {
            byte[] s = fields[i].getBytes(StandardCharsets.UTF_8);
            System.arraycopy(s, 0, b, i * LENGTH, Math.min(s.length, LENGTH - 1));
        }
        return b;
    }
}
