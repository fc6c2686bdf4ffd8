package dev.zlx.kernel;

import dev.zlx.abi.Siginfo;
import dev.zlx.abi.Signals;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A set of pending signals with their siginfo in arrival order (Linux's struct sigpending): a
 * task's private one holds the signals sent to that thread, the process's shared one those sent
 * to the process. A standard signal is pending at most once; real-time signals queue. Changes
 * are guarded by its monitor; the bits are read without it, since every syscall's exit asks
 * whether a signal is pending (as Linux reads TIF_SIGPENDING).
 */
final class SigQueue {
    /** Written under the monitor only. */
    private volatile long pending;
    private final List<Siginfo> queue = new ArrayList<>();

    /** The pending signals by bit. */
    long pending() {
        return pending;
    }

    /** Queues a signal; returns false when a standard signal was already pending (it is not queued twice). */
    synchronized boolean enqueue(Siginfo info) {
        int sig = info.signo();
        if (sig < Signals.SIGRTMIN && (pending & Signals.maskBit(sig)) != 0) {
            return false;
        }
        queue.add(info);
        pending |= Signals.maskBit(sig);
        return true;
    }

    /** Takes the lowest-numbered pending signal that blocked does not contain, or null. */
    synchronized Siginfo dequeue(long blocked) {
        long deliverable = pending & ~blocked;
        if (deliverable == 0) {
            return null;
        }
        int sig = Long.numberOfTrailingZeros(deliverable) + 1;
        Siginfo taken = null;
        boolean more = false;
        for (Iterator<Siginfo> it = queue.iterator(); it.hasNext(); ) {
            Siginfo i = it.next();
            if (i.signo() == sig) {
                if (taken == null) {
                    taken = i;
                    it.remove();
                } else {
                    more = true;
                }
            }
        }
        if (!more) {
            pending &= ~Signals.maskBit(sig);
        }
        return taken;
    }
}
