package dev.zlx.abi;

/** fallocate(2)'s mode bits (linux/falloc.h). */
public final class Falloc {
    /** Allocate without changing the file size. */
    public static final int FALLOC_FL_KEEP_SIZE = 0x01;
    /** Deallocate the range (with KEEP_SIZE only). */
    public static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    /** Reserved; not in the mode mask, so EOPNOTSUPP. */
    public static final int FALLOC_FL_NO_HIDE_STALE = 0x04;
    /** Remove the range and shift the rest down. */
    public static final int FALLOC_FL_COLLAPSE_RANGE = 0x08;
    /** Make the range read as zeros. */
    public static final int FALLOC_FL_ZERO_RANGE = 0x10;
    /** Insert a hole and shift the rest up. */
    public static final int FALLOC_FL_INSERT_RANGE = 0x20;
    /** Unshare shared blocks. */
    public static final int FALLOC_FL_UNSHARE_RANGE = 0x40;
    /** Linux 6.17+: write zeroes to the range, really allocating it. */
    public static final int FALLOC_FL_WRITE_ZEROES = 0x80;
    /** The operations, of which a mode names at most one (0 is FALLOC_FL_ALLOCATE_RANGE); KEEP_SIZE is the modifier. */
    public static final int FALLOC_FL_MODE_MASK = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_COLLAPSE_RANGE
            | FALLOC_FL_ZERO_RANGE | FALLOC_FL_INSERT_RANGE | FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_WRITE_ZEROES;

    private Falloc() {
    }
}
