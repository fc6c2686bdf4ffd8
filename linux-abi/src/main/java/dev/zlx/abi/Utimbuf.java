package dev.zlx.abi;

/** struct utimbuf of utime(2) (linux/utime.h): access and modification times in seconds. */
public record Utimbuf(long actime, long modtime) {
    public static final int SIZE = 16;

    public static Utimbuf read(byte[] src, int off) {
        return new Utimbuf(LittleEndian.getU64(src, off), LittleEndian.getU64(src, off + 8));
    }
}
