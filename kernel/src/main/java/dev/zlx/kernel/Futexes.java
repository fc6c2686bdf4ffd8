package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.SharedMemory;
import dev.zlx.vfs.Interruption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The futex wait queues of one kernel (kernel/futex): waiters keyed by address space and
 * address, woken by bitset. Checking the value and queueing happen under one lock, so a wake
 * that follows a change of the value is never lost. Futexes in shared memory are shared between
 * the processes mapping it (see {@link Key}). The priority-inheritance operations, which
 * share these queues, are in {@link PiFutexes}.
 *
 * <p>Lock order: a process's execution lock (held by a syscall handled inside the CPU's run),
 * then {@link #lock}, then again the execution lock, which {@link AddressSpace#compareAndExchangeInt}
 * takes; no thread waits for {@link #lock} while it holds the execution lock of a process that
 * has a second thread, because such a process's syscalls are handled outside the run.
 */
public final class Futexes {
    /** Guards the queues and every waiter's state. */
    final ReentrantLock lock = new ReentrantLock();
    private final Map<Key, List<Waiter>> queues = new HashMap<>();
    private final PiFutexes pi = new PiFutexes(this);

    /**
     * A futex: the owner of its word and the word's place there. Private memory: the address
     * space and the address. Shared memory (MAP_SHARED): the memory and the offset in it, so
     * that processes mapping it at different addresses meet on one futex (Linux keys shared
     * futexes by inode and page offset). Words in shared memory are keyed so also with
     * FUTEX_PRIVATE_FLAG: a wake may then reach a waiter of another process mapping the same
     * word, a spurious wake-up that futex users tolerate by design. PI futexes are keyed by
     * address space (see {@link PiFutexes}).
     */
    record Key(Object owner, long offset) {
        /** The key of the word at address in space. */
        static Key of(AddressSpace space, long address) {
            SharedMemory.Location at = space.sharedLocation(address);
            return at != null ? new Key(at.memory(), at.offset()) : new Key(space, address);
        }

        /** A PI futex's address space (its keys are (space, address)). */
        AddressSpace space() {
            return (AddressSpace) owner;
        }

        /** A PI futex's address. */
        long address() {
            return offset;
        }
    }

    /** One task waiting on a futex; its fields are guarded by {@link #lock}. */
    final class Waiter {
        final int bitset;
        final Task task;
        final Condition condition = lock.newCondition();
        Key key;
        /** Woken by FUTEX_WAKE (or requeue_pi: moved to the PI futex, or given its lock). */
        boolean woken;
        /** The PI futex state this waiter blocks on (futex_q.pi_state), or null for a plain wait. */
        PiFutexes.PiState pi;
        /** For FUTEX_WAIT_REQUEUE_PI, the PI futex it is to be requeued to (futex_q.requeue_pi_key). */
        Key requeuePiTarget;
        /** The PI lock was given to this waiter. */
        boolean owns;
        /** ... by its owner's death: the waiter marks the word FUTEX_OWNER_DIED. */
        boolean ownerDied;

        Waiter(Key key, int bitset, Task task) {
            this.key = key;
            this.bitset = bitset;
            this.task = task;
        }
    }

    /** The priority-inheritance operations on these queues. */
    public PiFutexes pi() {
        return pi;
    }

    /**
     * FUTEX_WAIT(_BITSET): blocks while *addr == expected, until woken, the deadline (nanoseconds
     * on the monotonic clock from {@code nowNanos}, or Long.MAX_VALUE) or an interrupt.
     */
    public void await(AddressSpace space, long address, int expected, int bitset, long deadlineNanos,
            LongSupplier nowNanos) {
        if (bitset == 0) {
            throw Errno.EINVAL.exception();
        }
        Key key = Key.of(space, address);
        lock.lock();
        try {
            if (space.readInt(address) != expected) {
                throw Errno.EAGAIN.exception();
            }
            Waiter w = enqueue(key, bitset, null);
            sleepQueued(w, () -> w.woken, deadlineNanos, nowNanos);
        } finally {
            lock.unlock();
        }
    }

    /** Queues a waiter at the end of key's queue (lock held). */
    Waiter enqueue(Key key, int bitset, Task task) {
        Waiter w = new Waiter(key, bitset, task);
        queues.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
        return w;
    }

    /**
     * Sleeps with the lock held (released while asleep) until done holds; throws ETIMEDOUT at the
     * deadline and EINTR when the task is interrupted, whichever comes first.
     */
    void sleep(Waiter w, BooleanSupplier done, long deadlineNanos, LongSupplier nowNanos) {
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
            while (!done.getAsBoolean()) {
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
        }
    }

    /**
     * {@link #sleep} for a queued waiter: on a timeout or interrupt it leaves its queue and the
     * error stands, unless done holds by then (what it waited for came first).
     */
    void sleepQueued(Waiter w, BooleanSupplier done, long deadlineNanos, LongSupplier nowNanos) {
        try {
            sleep(w, done, deadlineNanos, nowNanos);
        } catch (RuntimeException e) {
            if (!done.getAsBoolean()) {
                remove(w);
                throw e;
            }
        }
    }

    /** Takes the waiter out of its queue (lock held). */
    void remove(Waiter w) {
        List<Waiter> q = queues.get(w.key);
        if (q != null) {
            q.remove(w);
            if (q.isEmpty()) {
                queues.remove(w.key);
            }
        }
    }

    /** Moves the waiter to the end of another futex's queue (lock held). */
    void move(Waiter w, Key to) {
        remove(w);
        w.key = to;
        queues.computeIfAbsent(to, k -> new ArrayList<>()).add(w);
    }

    /** The waiters of key in queue order (lock held); empty when there are none. */
    List<Waiter> waiters(Key key) {
        List<Waiter> q = queues.get(key);
        return q == null ? List.of() : q;
    }

    /** Every queue (lock held), for the scan of PI futexes a dying task owns. */
    Iterable<List<Waiter>> allQueues() {
        return queues.values();
    }

    /** FUTEX_WAKE(_BITSET): wakes up to count waiters whose bitset matches; returns how many. */
    public int wake(AddressSpace space, long address, int count, int bitset) {
        if (bitset == 0) {
            throw Errno.EINVAL.exception();
        }
        lock.lock();
        try {
            return wakeLocked(Key.of(space, address), count, bitset);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes waiters of key; a PI or requeue_pi waiter among them is EINVAL, as futex_wake says
     * (those before it are woken all the same).
     */
    private int wakeLocked(Key key, int count, int bitset) {
        List<Waiter> q = queues.get(key);
        int woken = 0;
        if (q == null) {
            return 0;
        }
        boolean mixed = false;
        for (Iterator<Waiter> it = q.iterator(); it.hasNext() && woken < count; ) {
            Waiter w = it.next();
            if (w.pi != null || w.requeuePiTarget != null) {
                mixed = true;
                break;
            }
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
        if (mixed) {
            throw Errno.EINVAL.exception();
        }
        return woken;
    }

    /**
     * FUTEX_(CMP_)REQUEUE: wakes up to wakeCount waiters of addr and moves up to requeueCount
     * others to addr2; with a compare value, first checks *addr == compare (EAGAIN otherwise).
     * A waiter of FUTEX_WAIT_REQUEUE_PI among them is EINVAL (it pairs only with CMP_REQUEUE_PI).
     */
    public int requeue(AddressSpace space, long address, long address2, int wakeCount, int requeueCount,
            Integer compare) {
        if (wakeCount < 0 || requeueCount < 0) {
            throw Errno.EINVAL.exception();
        }
        Key from = Key.of(space, address);
        Key to = Key.of(space, address2);
        lock.lock();
        try {
            if (compare != null && space.readInt(address) != compare) {
                throw Errno.EAGAIN.exception();
            }
            int woken = wakeLocked(from, wakeCount, -1);
            int moved = 0;
            while (moved < requeueCount && !waiters(from).isEmpty()) {
                Waiter w = waiters(from).get(0);
                if (w.pi != null || w.requeuePiTarget != null) {
                    throw Errno.EINVAL.exception();
                }
                move(w, to);
                moved++;
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
            int woken = wakeLocked(Key.of(space, address), count, -1);
            if (pass) {
                woken += wakeLocked(Key.of(space, address2), count2, -1);
            }
            return woken;
        } finally {
            lock.unlock();
        }
    }

    /**
     * futex_exit_release: a dying task's robust list is walked and the PI futexes it still owns
     * go to their first waiter, in one step under the lock, so that a locker looking the owner
     * up sees it either alive and owning or gone.
     */
    void exitRelease(Task t) {
        lock.lock();
        try {
            RobustList.release(t);
            pi.ownerExited(t);
            t.markFutexesReleased();
        } finally {
            lock.unlock();
        }
    }

    /**
     * futex_exec_release: as at exit, but the task lives on in the new program (its futex
     * state stays "alive").
     */
    void execRelease(Task t) {
        lock.lock();
        try {
            RobustList.release(t);
            pi.ownerExited(t);
        } finally {
            lock.unlock();
        }
    }
}
