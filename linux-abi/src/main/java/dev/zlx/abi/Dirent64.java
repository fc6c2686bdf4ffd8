package dev.zlx.abi;

import java.nio.ByteBuffer;

/**
 * struct linux_dirent64 of getdents64(2): d_ino (u64) at 0, d_off (s64) at 8, d_reclen (u16) at
 * 16, d_type (u8) at 18, then d_name NUL-terminated from 19, the record padded with zeros to a
 * multiple of 8 bytes.
 */
public final class Dirent64 {
    /** offsetof(d_name): the size of the fixed header. */
    public static final int NAME_OFFSET = 19;

    private Dirent64() {
    }

    /** d_reclen of an entry whose name is nameLength bytes long (without the NUL). */
    public static int recordLength(int nameLength) {
        return (NAME_OFFSET + nameLength + 1 + 7) & ~7;
    }

    /**
     * Appends one entry at dst's position if it fits in dst's remaining bytes, advancing the
     * position; returns whether it did (getdents64 stops, or fails with EINVAL when no entry fit).
     *
     * @param ino d_ino
     * @param off d_off, the offset that a later call continues from
     * @param type d_type, one of {@link StatMode}'s DT_* values
     * @param name the entry's name bytes, without a NUL
     */
    public static boolean append(ByteBuffer dst, long ino, long off, int type, byte[] name) {
        int reclen = recordLength(name.length);
        if (dst.remaining() < reclen) {
            return false;
        }
        byte[] rec = new byte[reclen];
        LittleEndian.putU64(rec, 0, ino);
        LittleEndian.putU64(rec, 8, off);
        LittleEndian.putU16(rec, 16, reclen);
        rec[18] = (byte) type;
        System.arraycopy(name, 0, rec, NAME_OFFSET, name.length);
        dst.put(rec);
        return true;
    }
}
