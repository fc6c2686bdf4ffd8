package dev.zlx.syscalls.handlers;

import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Signals;
import dev.zlx.kernel.Task;
import dev.zlx.vfs.Interruption;

/**
 * The signal mask that ppoll, pselect6 and epoll_pwait install for their wait (Linux's
 * set_user_sigmask and restore_saved_sigmask_unless): swapped in atomically with the wait, and
 * put back when the call returns, except after EINTR, when the signal that ended the wait is
 * taken first under the temporary mask and its frame saves the old one (as rt_sigsuspend does).
 */
final class TemporaryMask {
    /** sizeof(sigset_t) in the kernel. */
    static final int SIGSET_SIZE = 8;
    private static final long UNBLOCKABLE = Signals.maskBit(Signals.SIGKILL) | Signals.maskBit(Signals.SIGSTOP);

    /** A call that waits. */
    interface Call {
        long run();
    }

    private TemporaryMask() {
    }

    /** Runs call with the mask at maskAddr (none when 0); EINVAL unless size is sizeof(sigset_t). */
    static long during(Task t, long maskAddr, long size, Call call) {
        if (maskAddr == 0) {
            return call.run();
        }
        if (size != SIGSET_SIZE) {
            throw Errno.EINVAL.exception();
        }
        long mask = t.process().mm().space().readLong(maskAddr) & ~UNBLOCKABLE;
        long saved = t.signalMask();
        t.setSignalMask(mask);
        if (t.hasDeliverable()) {
            // A pending signal the new mask lets through ends the wait at once.
            Interruption.current().request();
        }
        boolean keep = false;
        try {
            return call.run();
        } catch (LinuxException e) {
            keep = e.errno() == Errno.EINTR && t.hasDeliverable();
            throw e;
        } finally {
            if (keep) {
                t.setSuspendedMask(saved);
            } else {
                t.setSignalMask(saved);
            }
        }
    }
}
