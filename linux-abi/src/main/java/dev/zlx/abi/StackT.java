package dev.zlx.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * stack_t (sigaltstack(2), and uc_stack in a signal frame's ucontext) on 64-bit Linux:
 * {@code void *ss_sp; int ss_flags; size_t ss_size;} — 24 bytes with padding after ss_flags.
 */
public record StackT(long sp, int flags, long size) {
    public static final int SIZE = 24;
    /** ss_flags: the thread is running on the alternate stack (reported; accepted as "enable"). */
    public static final int SS_ONSTACK = 1;
    /** ss_flags: there is no alternate stack. */
    public static final int SS_DISABLE = 2;
    /** ss_flags bit: disarm the stack while a handler runs on it (restored by rt_sigreturn). */
    public static final int SS_AUTODISARM = 1 << 31;
    /** The flag bits (as opposed to the mode) of ss_flags: SS_FLAG_BITS in the kernel. */
    public static final int SS_FLAG_BITS = SS_AUTODISARM;

    public static StackT decode(byte[] raw, int offset) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        return new StackT(b.getLong(offset), b.getInt(offset + 8), b.getLong(offset + 16));
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, sp);
        b.putInt(8, flags);
        b.putLong(16, size);
        return b.array();
    }
}
