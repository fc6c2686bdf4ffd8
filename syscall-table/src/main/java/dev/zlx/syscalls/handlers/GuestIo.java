package dev.zlx.syscalls.handlers;

import dev.zlx.cpu.AddressSpace;
import java.nio.ByteBuffer;

/**
 * Moves file data between open files and guest memory without intermediate copies where the
 * backend can lend a buffer over the guest range, and through a bounce buffer otherwise.
 */
final class GuestIo {
    /** Linux's MAX_RW_COUNT: one read or write moves at most this many bytes. */
    static final long MAX_RW_COUNT = 0x7ffff000L;
    private static final int BOUNCE = 64 * 1024;

    /** A transfer of at most length bytes into a buffer; returns the bytes moved (short = stop). */
    @FunctionalInterface
    interface Transfer {
        int apply(ByteBuffer buffer);
    }

    private GuestIo() {
    }

    /** Fills guest memory [addr, addr+count) from source; returns the bytes stored. */
    static long intoGuest(AddressSpace mem, long addr, long count, Transfer source) {
        long total = 0;
        long limit = Math.min(count, MAX_RW_COUNT);
        while (total < limit) {
            int want = (int) Math.min(limit - total, BOUNCE * 16L);
            ByteBuffer direct = mem.buffer(addr + total, want, true);
            int got;
            if (direct != null) {
                got = source.apply(direct);
            } else {
                want = (int) Math.min(want, BOUNCE);
                byte[] tmp = new byte[want];
                got = source.apply(ByteBuffer.wrap(tmp));
                if (got > 0) {
                    mem.write(addr + total, tmp, 0, got);
                }
            }
            if (got <= 0) {
                break;
            }
            total += got;
            if (got < want) {
                break;
            }
        }
        return total;
    }

    /** Hands guest memory [addr, addr+count) to sink; returns the bytes it took. */
    static long fromGuest(AddressSpace mem, long addr, long count, Transfer sink) {
        long total = 0;
        long limit = Math.min(count, MAX_RW_COUNT);
        while (total < limit) {
            int want = (int) Math.min(limit - total, BOUNCE * 16L);
            ByteBuffer direct = mem.buffer(addr + total, want, false);
            int put;
            if (direct != null) {
                put = sink.apply(direct);
            } else {
                want = (int) Math.min(want, BOUNCE);
                byte[] tmp = new byte[want];
                mem.read(addr + total, tmp, 0, want);
                put = sink.apply(ByteBuffer.wrap(tmp));
            }
            if (put <= 0) {
                break;
            }
            total += put;
            if (put < want) {
                break;
            }
        }
        return total;
    }
}
