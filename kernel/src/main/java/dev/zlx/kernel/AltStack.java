package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.abi.StackT;

/**
 * A thread's alternate signal stack, with the rules of kernel/signal.c: {@code flags} is the
 * ss_flags it was set with (SS_DISABLE when there is none), and a size of 0 means none.
 */
public record AltStack(long sp, long size, int flags) {
    public static final AltStack NONE = new AltStack(0, 0, StackT.SS_DISABLE);

    /**
     * on_sig_stack: sp lies on this stack. Never with SS_AUTODISARM: such a stack is disarmed
     * while a handler runs on it, so a thread found there is there by a corrupted state.
     */
    public boolean contains(long sp) {
        if ((flags & StackT.SS_AUTODISARM) != 0) {
            return false;
        }
        return size != 0 && Long.compareUnsigned(sp, this.sp) > 0 && Long.compareUnsigned(sp - this.sp, size) <= 0;
    }

    /** What sigaltstack's old_ss and a frame's uc_stack say, for a thread whose stack pointer is sp. */
    public StackT report(long sp) {
        int mode = size == 0 ? StackT.SS_DISABLE : contains(sp) ? StackT.SS_ONSTACK : 0;
        return new StackT(this.sp, mode | (flags & StackT.SS_FLAG_BITS), size);
    }

    /**
     * do_sigaltstack: the stack after a change to wanted, by a thread whose stack pointer is sp.
     * EPERM while running on the current stack, EINVAL for an unknown mode, ENOMEM below the
     * architecture's minimum size.
     */
    public AltStack change(StackT wanted, long sp, long minSize) {
        if (contains(sp)) {
            throw Errno.EPERM.exception();
        }
        int mode = wanted.flags() & ~StackT.SS_FLAG_BITS;
        if (mode != StackT.SS_DISABLE && mode != StackT.SS_ONSTACK && mode != 0) {
            throw Errno.EINVAL.exception();
        }
        if (mode == StackT.SS_DISABLE) {
            return new AltStack(0, 0, wanted.flags());
        }
        if (Long.compareUnsigned(wanted.size(), minSize) < 0) {
            throw Errno.ENOMEM.exception();
        }
        return new AltStack(wanted.sp(), wanted.size(), wanted.flags());
    }

    /** Where a handler with SA_ONSTACK puts its frame: the top of this stack unless the thread is on it. */
    public long frameTop(long sp) {
        return size != 0 && !contains(sp) ? this.sp + size : sp;
    }
}
