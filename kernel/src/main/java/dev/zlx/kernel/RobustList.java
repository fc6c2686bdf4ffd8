package dev.zlx.kernel;

import dev.zlx.abi.Futex;
import dev.zlx.abi.LinuxException;
import dev.zlx.cpu.AddressSpace;

/**
 * The robust futex list a thread registered with set_robust_list(2), walked when the thread
 * dies (kernel/futex/core.c exit_robust_list): every futex word still owned by the thread gets
 * FUTEX_OWNER_DIED, and one waiter is woken if there are any, so that pthread mutexes with
 * PTHREAD_MUTEX_ROBUST do not stay locked by the dead.
 */
final class RobustList {
    /** Linux's ROBUST_LIST_LIMIT: the most entries walked, so a looped list cannot hang exit. */
    private static final int LIMIT = 2048;

    private RobustList() {
    }

    /** Walks the list of a dying task; called under the futex lock (see {@link Futexes#exitRelease}). */
    static void release(Task t) {
        long head = t.robustListHead();
        var mm = t.process().mm();
        if (head == 0 || mm == null) {
            return;
        }
        AddressSpace mem = mm.space();
        Futexes futexes = t.process().kernel().futexes();
        try {
            // Bit 0 of an entry pointer marks a PI futex (its waiter is woken by the PI exit step).
            long entry = mem.readLong(head);
            long offset = mem.readLong(head + 8);
            long pending = mem.readLong(head + 16);
            for (int n = 0; (entry & ~1L) != head && entry != 0 && n < LIMIT; n++) {
                long next = mem.readLong(entry & ~1L);
                if ((entry & ~1L) != (pending & ~1L)
                        && !handle(mem, futexes, (entry & ~1L) + offset, t.tid(), (entry & 1) != 0, false)) {
                    return;
                }
                entry = next;
            }
            if (pending != 0) {
                handle(mem, futexes, (pending & ~1L) + offset, t.tid(), (pending & 1) != 0, true);
            }
        } catch (RuntimeException badList) {
            // A corrupt list is abandoned where it breaks, as Linux does.
        }
    }

    /** handle_futex_death: false when the walk must stop (a misaligned word). */
    private static boolean handle(AddressSpace mem, Futexes futexes, long word, int tid, boolean pi, boolean pending) {
        if ((word & 3) != 0) {
            return false;
        }
        int value = mem.readInt(word);
        while (true) {
            if (pending && !pi && value == 0) {
                // Died between unlocking and clearing list_op_pending: a waiter may need the wake.
                wakeOne(futexes, mem, word);
                return true;
            }
            if ((value & Futex.FUTEX_TID_MASK) != tid) {
                return true;
            }
            int marked = (value & Futex.FUTEX_WAITERS) | Futex.FUTEX_OWNER_DIED;
            int seen = mem.compareAndExchangeInt(word, value, marked);
            if (seen == value) {
                break;
            }
            value = seen;
        }
        if (!pi && (value & Futex.FUTEX_WAITERS) != 0) {
            wakeOne(futexes, mem, word);
        }
        return true;
    }

    private static void wakeOne(Futexes futexes, AddressSpace mem, long word) {
        try {
            futexes.wake(mem, word, 1, Futex.FUTEX_BITSET_MATCH_ANY);
        } catch (LinuxException mixedWaiters) {
            // Linux ignores futex_wake's EINVAL here.
        }
    }
}
