package dev.zlx.procfs.pid;

import dev.zlx.kernel.Process;

/** The ignored and caught signal sets that stat and status show, from the dispositions. */
final class SignalSets {
    /** SIG_DFL and SIG_IGN as sa_handler values. */
    private static final long SIG_DFL = 0;
    private static final long SIG_IGN = 1;

    private SignalSets() {
    }

    static long ignored(Process p) {
        return collect(p, true);
    }

    static long caught(Process p) {
        return collect(p, false);
    }

    private static long collect(Process p, boolean ignoredSet) {
        long set = 0;
        for (int sig = 1; sig <= 64; sig++) {
            long handler = p.action(sig).handler();
            boolean match = ignoredSet ? handler == SIG_IGN : handler != SIG_DFL && handler != SIG_IGN;
            if (match) {
                set |= 1L << (sig - 1);
            }
        }
        return set;
    }
}
