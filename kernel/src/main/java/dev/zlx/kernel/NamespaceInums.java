package dev.zlx.kernel;

import java.util.concurrent.atomic.AtomicLong;

/**
 * proc_alloc_inum for namespaces: the inode numbers that /proc/PID/ns links show for every
 * namespace other than the initial ones (whose numbers Linux fixes). The network namespace
 * took the first at boot; mount, UTS and user namespaces take the next ones.
 */
final class NamespaceInums {
    private static final AtomicLong NEXT = new AtomicLong(dev.zlx.abi.Namespaces.PROC_DYNAMIC_FIRST + 1);

    private NamespaceInums() {
    }

    static long next() {
        return NEXT.getAndIncrement();
    }
}
