package dev.zlx.kernel;

import dev.zlx.abi.Futex;
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

    static void release(Task t) {
        long head = t.robustListHead();
        var mm = t.process().mm();
        if (head == 0 || mm == null) {
            return;
        }
        AddressSpace mem = mm.space();
        Futexes futexes = t.process().kernel().futexes();
        try {
            long entry = mem.readLong(head);
            long offset = mem.readLong(head + 8);
            long pending = mem.readLong(head + 16);
            for (int n = 0; entry != head && entry != 0 && n < LIMIT; n++) {
                long next = mem.readLong(entry);
                if (entry != pending) {
                    handle(mem, futexes, entry + offset, t.tid());
                }
                entry = next;
            }
            if (pending != 0) {
                handle(mem, futexes, pending + offset, t.tid());
            }
        } catch (RuntimeException badList) {
            // A corrupt list is abandoned where it breaks, as Linux does.
        }
    }

    private static void handle(AddressSpace mem, Futexes futexes, long word, int tid) {
        if ((word & 3) != 0) {
            return;
        }
        int value = mem.readInt(word);
        if ((value & Futex.FUTEX_TID_MASK) != tid) {
            return;
        }
        mem.writeInt(word, (value & Futex.FUTEX_WAITERS) | Futex.FUTEX_OWNER_DIED);
        if ((value & Futex.FUTEX_WAITERS) != 0) {
            futexes.wake(mem, word, 1, Futex.FUTEX_BITSET_MATCH_ANY);
        }
    }
}
