package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.vfs.Interruption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The futex wait queues of one kernel (kernel/futex): waiters keyed by address space and
 * address, woken by bitset. Checking the value and queueing happen under one lock, so a wake
 * that follows a change of the value is never lost. Shared futexes between processes (keyed
 * by the backing object) come with shared memory.
 */
public final class Futexes {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Key, List<Waiter>> queues = new HashMap<>();

    private record Key(AddressSpace space, long address) {
    }

    private final class Waiter {
        final int bitset;
        final Condition condition = lock.newCondition();
        Key key;
        boolean woken;

        Waiter(Key key, int bitset) {
            this.key = key;
            this.bitset = bitset;
        }
    }

    /**
     * FUTEX_WAIT(_BITSET): blocks while *addr == expected, until woken, the deadline (nanoseconds
     * on the monotonic clock from {@code nowNanos}, or Long.MAX_VALUE) or an interrupt.
     */
    public void await(AddressSpace space, long address, int expected, int bitset, long deadlineNanos,
            java.util.function.LongSupplier nowNanos) {
        if (bitset == 0) {
            throw Errno.EINVAL.exception();
        }
        Key key = new Key(space, address);
        lock.lock();
        try {
            if (space.readInt(address) != expected) {
                throw Errno.EAGAIN.exception();
            }
            Waiter w = new Waiter(key, bitset);
            queues.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
            Interruption interruption = Interruption.current();
            interruption.enter(() -> {
                lock.lock();
                try {
                    w.condition.signal();
                } finally {
                    lock.unlock();
                }
            });
            try {
                while (!w.woken) {
                    interruption.check();
                    long left = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - nowNanos.getAsLong();
                    if (left <= 0) {
                        throw Errno.ETIMEDOUT.exception();
                    }
                    if (left == Long.MAX_VALUE) {
                        w.condition.await();
                    } else {
                        w.condition.await(left, TimeUnit.NANOSECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Errno.EINTR.exception();
            } finally {
                interruption.exit();
                if (!w.woken) {
                    remove(w);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void remove(Waiter w) {
        List<Waiter> q = queues.get(w.key);
        if (q != null) {
            q.remove(w);
            if (q.isEmpty()) {
                queues.remove(w.key);
            }
        }
    }

    /** FUTEX_WAKE(_BITSET): wakes up to count waiters whose bitset matches; returns how many. */
    public int wake(AddressSpace space, long address, int count, int bitset) {
        if (bitset == 0) {
            throw Errno.EINVAL.exception();
        }
        lock.lock();
        try {
            return wakeLocked(new Key(space, address), count, bitset);
        } finally {
            lock.unlock();
        }
    }

    private int wakeLocked(Key key, int count, int bitset) {
        List<Waiter> q = queues.get(key);
        int woken = 0;
        if (q == null) {
            return 0;
        }
        for (Iterator<Waiter> it = q.iterator(); it.hasNext() && woken < count; ) {
            Waiter w = it.next();
            if ((w.bitset & bitset) != 0) {
                it.remove();
                w.woken = true;
                w.condition.signal();
                woken++;
            }
        }
        if (q.isEmpty()) {
            queues.remove(key);
        }
        return woken;
    }

    /**
     * FUTEX_(CMP_)REQUEUE: wakes up to wakeCount waiters of addr and moves up to requeueCount
     * others to addr2; with a compare value, first checks *addr == compare (EAGAIN otherwise).
     */
    public int requeue(AddressSpace space, long address, long address2, int wakeCount, int requeueCount,
            Integer compare) {
        if (wakeCount < 0 || requeueCount < 0) {
            throw Errno.EINVAL.exception();
        }
        Key from = new Key(space, address);
        Key to = new Key(space, address2);
        lock.lock();
        try {
            if (compare != null && space.readInt(address) != compare) {
                throw Errno.EAGAIN.exception();
            }
            int woken = wakeLocked(from, wakeCount, -1);
            List<Waiter> q = queues.get(from);
            int moved = 0;
            while (q != null && !q.isEmpty() && moved < requeueCount) {
                Waiter w = q.remove(0);
                w.key = to;
                queues.computeIfAbsent(to, k -> new ArrayList<>()).add(w);
                moved++;
            }
            if (q != null && q.isEmpty()) {
                queues.remove(from);
            }
            return woken + moved;
        } finally {
            lock.unlock();
        }
    }

    /**
     * FUTEX_WAKE_OP: atomically applies the encoded operation to *addr2, wakes up to count
     * waiters of addr, and if the old *addr2 passes the encoded comparison, up to count2 of addr2.
     */
    public int wakeOp(AddressSpace space, long address, long address2, int count, int count2, int encoded) {
        int op = (encoded >>> 28) & 7;
        int cmp = (encoded >>> 24) & 15;
        int oparg = (encoded << 8) >> 20;
        int cmparg = (encoded << 20) >> 20;
        if ((encoded & (8 << 28)) != 0) {
            if (oparg < 0 || oparg > 31) {
                throw Errno.EINVAL.exception();
            }
            oparg = 1 << oparg;
        }
        lock.lock();
        try {
            int old = space.readInt(address2);
            int updated = switch (op) {
                case 0 -> oparg; // FUTEX_OP_SET
                case 1 -> old + oparg; // FUTEX_OP_ADD
                case 2 -> old | oparg; // FUTEX_OP_OR
                case 3 -> old & ~oparg; // FUTEX_OP_ANDN
                case 4 -> old ^ oparg; // FUTEX_OP_XOR
                default -> throw Errno.ENOSYS.exception();
            };
            boolean pass = switch (cmp) {
                case 0 -> old == cmparg; // FUTEX_OP_CMP_EQ
                case 1 -> old != cmparg;
                case 2 -> old < cmparg;
                case 3 -> old <= cmparg;
                case 4 -> old > cmparg;
                case 5 -> old >= cmparg;
                default -> throw Errno.ENOSYS.exception();
            };
            space.writeInt(address2, updated);
            int woken = wakeLocked(new Key(space, address), count, -1);
            if (pass) {
                woken += wakeLocked(new Key(space, address2), count2, -1);
            }
            return woken;
        } finally {
            lock.unlock();
        }
    }
}
