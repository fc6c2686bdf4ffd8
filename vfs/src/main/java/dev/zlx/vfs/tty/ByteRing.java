package dev.zlx.vfs.tty;

import java.nio.ByteBuffer;

/** A bounded FIFO of bytes; not thread-safe (its owner's lock guards it). */
final class ByteRing {
    private final byte[] ring;
    private int head;
    private int size;

    ByteRing(int capacity) {
        this.ring = new byte[capacity];
    }

    int size() {
        return size;
    }

    int free() {
        return ring.length - size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Appends b; the caller has checked there is room. */
    void put(byte b) {
        ring[(head + size) % ring.length] = b;
        size++;
    }

    /** The last byte appended (the caller has checked the ring is not empty). */
    byte last() {
        return ring[(head + size - 1) % ring.length];
    }

    /** The byte at index (0: the oldest). */
    byte get(int index) {
        return ring[(head + index) % ring.length];
    }

    /** Forgets the last byte appended. */
    void dropLast() {
        size--;
    }

    /** Moves up to max bytes into dst; returns how many. */
    int take(ByteBuffer dst, int max) {
        int n = Math.min(Math.min(max, size), dst.remaining());
        for (int i = 0; i < n; i++) {
            dst.put(ring[head]);
            head = (head + 1) % ring.length;
        }
        size -= n;
        return n;
    }

    void clear() {
        head = 0;
        size = 0;
    }
}
