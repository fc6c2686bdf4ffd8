package dev.zlx.kernel;

import dev.zlx.abi.KernelSigaction;
import dev.zlx.abi.Signals;
import java.util.Arrays;

/**
 * The dispositions of signals 1…64 (Linux's sighand_struct): one per process, shared by
 * processes created with clone(CLONE_SIGHAND) without CLONE_THREAD until one of them execs.
 */
final class SignalHandlers {
    static final KernelSigaction DEFAULT = new KernelSigaction(0, 0, 0, 0);

    private final KernelSigaction[] actions = new KernelSigaction[Signals.SIGRTMAX + 1];
    /** Processes using this table. */
    private int users = 1;

    SignalHandlers() {
        Arrays.fill(actions, DEFAULT);
    }

    synchronized KernelSigaction get(int sig) {
        return actions[sig];
    }

    synchronized void set(int sig, KernelSigaction action) {
        actions[sig] = action;
    }

    /** fork without CLONE_SIGHAND: a private copy. */
    synchronized SignalHandlers copy() {
        SignalHandlers c = new SignalHandlers();
        System.arraycopy(actions, 0, c.actions, 0, actions.length);
        return c;
    }

    /** clone(CLONE_SIGHAND): the child uses this same table. */
    synchronized SignalHandlers share() {
        users++;
        return this;
    }

    /**
     * execve (de_thread's unshare_sighand, then flush_signal_handlers): the table the new program
     * gets, a private copy if this one is shared, with handled signals back to the default
     * (ignored ones stay ignored).
     */
    synchronized SignalHandlers forExec() {
        SignalHandlers target = this;
        if (users > 1) {
            users--;
            target = copy();
        }
        for (int sig = 1; sig < target.actions.length; sig++) {
            if (target.actions[sig].handler() > 1) {
                target.actions[sig] = DEFAULT;
            }
        }
        return target;
    }

    /** A user of this table is gone (exit). */
    synchronized void release() {
        users--;
    }
}
