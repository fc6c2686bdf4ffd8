package dev.zlx.vfs;

/** Where a directory reading puts its entries: it encodes them and says when it is full. */
public interface DirentSink {
    /**
     * Appends one entry; nextOffset is the position after it (d_off).
     *
     * @return false when the entry does not fit (the reading stops and keeps its position)
     */
    boolean add(long ino, long nextOffset, int type, String name);
}
