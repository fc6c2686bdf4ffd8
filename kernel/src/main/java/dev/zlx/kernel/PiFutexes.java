package dev.zlx.kernel;

import static dev.zlx.abi.Futex.FUTEX_OWNER_DIED;
import static dev.zlx.abi.Futex.FUTEX_TID_MASK;
import static dev.zlx.abi.Futex.FUTEX_WAITERS;

import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.kernel.Futexes.Key;
import dev.zlx.kernel.Futexes.Waiter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Priority-inheritance futexes (kernel/futex/pi.c and requeue.c): the futex word holds the
 * owner's TID, FUTEX_WAITERS once a waiter blocks in the kernel and FUTEX_OWNER_DIED after the
 * owner died; the kernel keeps who owns a contended lock and hands it to its first waiter on
 * unlock by writing that waiter's TID. Waiters block in the queues of {@link Futexes}, under
 * its lock.
 *
 * <p>Priority inheritance itself has no effect here: zlx schedules no priorities, so there is
 * nothing to boost, and waiters, all of one priority, take the lock first come first served,
 * as Linux's rt_mutex orders waiters of equal priority. The locking protocol is Linux's.
 */
public final class PiFutexes {
    private final Futexes futexes;

    PiFutexes(Futexes futexes) {
        this.futexes = futexes;
    }

    /**
     * The kernel's side of a contended PI futex (futex_pi_state): its owner, or null from the
     * owner's death until its first waiter takes the lock. It lives as long as a waiter blocks
     * on it; each such waiter points at it.
     */
    static final class PiState {
        Task owner;

        PiState(Task owner) {
            this.owner = owner;
        }
    }

    /** The user space value changed under an update: the operation starts again (Linux's -EAGAIN loops). */
    private static final class Retry extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Retry INSTANCE = new Retry();

        private Retry() {
            super(null, null, false, false);
        }
    }

    /**
     * FUTEX_LOCK_PI, FUTEX_LOCK_PI2 and (trylock) FUTEX_TRYLOCK_PI: takes the lock, or blocks as
     * its waiter (setting FUTEX_WAITERS) until the owner hands it over, the absolute deadline
     * passes (ETIMEDOUT) or the task is interrupted (EINTR, which the caller restarts). EDEADLK
     * when the caller owns it already, ESRCH when the TID in the word names no live task, EINVAL
     * when the word and the kernel's state disagree; trylock fails with EAGAIN.
     */
    public void lock(Task t, AddressSpace space, long address, long deadlineNanos, LongSupplier nowNanos,
            boolean trylock) {
        Key key = new Key(space, address);
        futexes.lock.lock();
        try {
            PiState ps;
            while (true) {
                try {
                    ps = lockAtomic(key, t, false);
                    break;
                } catch (Retry again) {
                    // The word changed under us: read it again.
                }
            }
            if (ps == null) {
                return;
            }
            if (trylock) {
                // rt_mutex_futex_trylock fails while the lock has an owner: only the word changed.
                throw Errno.EAGAIN.exception();
            }
            Waiter w = futexes.enqueue(key, -1, t);
            w.pi = ps;
            blockOnPi(w, address, deadlineNanos, nowNanos);
        } finally {
            futexes.lock.unlock();
        }
    }

    /**
     * futex_lock_pi_atomic for task (the caller, or requeue_pi's top waiter): returns null when
     * task took the lock (with FUTEX_WAITERS if setWaiters), or the state to block on (the word
     * then has FUTEX_WAITERS).
     */
    private PiState lockAtomic(Key key, Task task, boolean setWaiters) {
        AddressSpace space = key.space();
        int uval = space.readInt(key.address());
        int tid = task.tid();
        if ((uval & FUTEX_TID_MASK) == tid) {
            throw Errno.EDEADLK.exception();
        }
        List<Waiter> queue = futexes.waiters(key);
        if (!queue.isEmpty()) {
            return attachToState(uval, queue.get(0).pi);
        }
        if ((uval & FUTEX_TID_MASK) == 0) {
            // Free with a stale FUTEX_WAITERS or FUTEX_OWNER_DIED: taken over, keeping OWNER_DIED.
            int newval = (uval & FUTEX_OWNER_DIED) | tid | (setWaiters ? FUTEX_WAITERS : 0);
            update(space, key.address(), uval, newval);
            return null;
        }
        int newval = uval | FUTEX_WAITERS;
        update(space, key.address(), uval, newval);
        return attachToOwner(task.process().kernel(), space, key.address(), newval);
    }

    /** lock_pi_update_atomic: uval becomes newval, or Retry when the word changed meanwhile. */
    private static void update(AddressSpace space, long address, int uval, int newval) {
        if (space.compareAndExchangeInt(address, uval, newval) != uval) {
            throw Retry.INSTANCE;
        }
    }

    /** attach_to_pi_state: the states of the word and of the kernel agree (pi.c's table), or EINVAL. */
    private static PiState attachToState(int uval, PiState ps) {
        if (ps == null) {
            // A plain FUTEX_WAIT waiter on a PI futex.
            throw Errno.EINVAL.exception();
        }
        int pid = uval & FUTEX_TID_MASK;
        if ((uval & FUTEX_OWNER_DIED) != 0) {
            if (ps.owner == null) {
                if (pid != 0) {
                    throw Errno.EINVAL.exception();
                }
                return ps;
            }
            if (pid == 0) {
                return ps;
            }
        } else if (ps.owner == null) {
            throw Errno.EINVAL.exception();
        }
        if (pid != ps.owner.tid()) {
            throw Errno.EINVAL.exception();
        }
        return ps;
    }

    /**
     * attach_to_pi_owner: the first waiter makes the state, owned by the task whose TID the word
     * holds; ESRCH when there is none (or it has died and its futexes were released).
     */
    private static PiState attachToOwner(Kernel kernel, AddressSpace space, long address, int uval) {
        int pid = uval & FUTEX_TID_MASK;
        Task owner = kernel.task(pid);
        if (owner == null || owner.futexesReleased()) {
            // handle_exit_race: the word changed since (the robust list marked it) means retry.
            if (space.readInt(address) != uval) {
                throw Retry.INSTANCE;
            }
            throw Errno.ESRCH.exception();
        }
        return new PiState(owner);
    }

    /**
     * Blocks (lock held) until the waiter owns the lock. A timeout or interrupt that comes after
     * the lock was handed over is ignored, as rt_mutex_cleanup_proxy_lock takes it then.
     */
    private void blockOnPi(Waiter w, long address, long deadlineNanos, LongSupplier nowNanos) {
        futexes.sleepQueued(w, () -> w.owns, deadlineNanos, nowNanos);
        fixupOwnerDied(w, address);
    }

    /**
     * fixup_pi_state_owner: a waiter given the lock of a dead owner writes itself into the word,
     * with FUTEX_OWNER_DIED so that user space learns of the death (glibc's EOWNERDEAD).
     */
    private static void fixupOwnerDied(Waiter w, long address) {
        if (!w.ownerDied) {
            return;
        }
        AddressSpace space = w.key.space();
        int newtid = w.task.tid() | FUTEX_WAITERS | FUTEX_OWNER_DIED;
        int uval = space.readInt(address);
        while (true) {
            int cur = space.compareAndExchangeInt(address, uval, (uval & FUTEX_OWNER_DIED) | newtid);
            if (cur == uval) {
                return;
            }
            uval = cur;
        }
    }

    /**
     * FUTEX_UNLOCK_PI: the owner releases the lock. With waiters, the first one becomes the owner
     * (the word gets its TID and FUTEX_WAITERS, which stays while the kernel has state); without,
     * the word becomes 0. EPERM unless the word names the caller; EINVAL when the kernel's state
     * says another task owns it; EAGAIN when the word changed under the release.
     */
    public void unlock(Task t, AddressSpace space, long address) {
        Key key = new Key(space, address);
        futexes.lock.lock();
        try {
            while (true) {
                int uval = space.readInt(address);
                if ((uval & FUTEX_TID_MASK) != t.tid()) {
                    throw Errno.EPERM.exception();
                }
                List<Waiter> queue = futexes.waiters(key);
                if (queue.isEmpty()) {
                    if (space.compareAndExchangeInt(address, uval, 0) != uval) {
                        throw Errno.EAGAIN.exception();
                    }
                    return;
                }
                Waiter top = queue.get(0);
                if (top.pi == null || top.pi.owner != t) {
                    throw Errno.EINVAL.exception();
                }
                int cur = space.compareAndExchangeInt(address, uval, FUTEX_WAITERS | top.task.tid());
                if (cur == uval) {
                    handOver(top);
                    return;
                }
                if ((cur & FUTEX_TID_MASK) != uval) {
                    throw Errno.EINVAL.exception();
                }
                // An unconditional unlock raced with a waiter setting FUTEX_WAITERS: again.
            }
        } finally {
            futexes.lock.unlock();
        }
    }

    /** The top waiter becomes the owner and leaves the queue (lock held). */
    private void handOver(Waiter top) {
        top.pi.owner = top.task;
        futexes.remove(top);
        top.owns = true;
        top.condition.signal();
    }

    /**
     * exit_pi_state_list: each contended PI futex the dying task still owns goes to its first
     * waiter, which marks the word FUTEX_OWNER_DIED when it wakes (lock held).
     */
    void ownerExited(Task t) {
        Set<PiState> owned = new LinkedHashSet<>();
        List<Waiter> firsts = new ArrayList<>();
        for (List<Waiter> queue : futexes.allQueues()) {
            for (Waiter w : queue) {
                if (w.pi != null && w.pi.owner == t && owned.add(w.pi)) {
                    firsts.add(w);
                }
            }
        }
        for (Waiter w : firsts) {
            w.ownerDied = true;
            handOver(w);
        }
    }

    /**
     * FUTEX_WAIT_REQUEUE_PI: waits on the plain futex address (while it holds expected, else
     * EAGAIN) to be requeued by FUTEX_CMP_REQUEUE_PI to the PI futex address2 and return owning
     * it. Before the requeue a timeout is ETIMEDOUT and an interrupt EINTR (restarted); after it,
     * an interrupt is EAGAIN, as restarting would find the value changed.
     */
    public void waitRequeuePi(Task t, AddressSpace space, long address, int expected, long deadlineNanos,
            LongSupplier nowNanos, long address2) {
        if (address == address2) {
            throw Errno.EINVAL.exception();
        }
        Key key = new Key(space, address);
        futexes.lock.lock();
        try {
            if (space.readInt(address) != expected) {
                throw Errno.EAGAIN.exception();
            }
            Waiter w = futexes.enqueue(key, -1, t);
            w.requeuePiTarget = new Key(space, address2);
            futexes.sleepQueued(w, () -> w.woken, deadlineNanos, nowNanos);
            if (w.owns) {
                return;
            }
            try {
                blockOnPi(w, address2, deadlineNanos, nowNanos);
            } catch (LinuxException e) {
                throw e.errno() == Errno.EINTR ? Errno.EAGAIN.exception() : e;
            }
        } finally {
            futexes.lock.unlock();
        }
    }

    /**
     * FUTEX_CMP_REQUEUE_PI: if *address == compare (else EAGAIN), takes the PI futex address2 for
     * the first waiter of address if it is free (waking it), and moves waiters of address, up to
     * requeueCount beyond the one woken, to block on address2. Returns how many were woken or
     * moved. EINVAL unless wakeCount is 1 and the addresses differ, and for waiters that did not
     * ask to be requeued to address2.
     */
    public int cmpRequeue(AddressSpace space, long address, long address2, int wakeCount, int requeueCount,
            int compare) {
        if (wakeCount < 0 || requeueCount < 0 || address == address2 || wakeCount != 1) {
            throw Errno.EINVAL.exception();
        }
        Key from = new Key(space, address);
        Key to = new Key(space, address2);
        futexes.lock.lock();
        try {
            if (space.readInt(address) != compare) {
                throw Errno.EAGAIN.exception();
            }
            int taskCount = 0;
            PiState ps;
            while (true) {
                try {
                    ps = proxyTrylock(from, to, requeueCount > 0);
                    break;
                } catch (Retry again) {
                    // The PI futex's word changed: again.
                }
            }
            if (ps == null) {
                List<Waiter> queue = futexes.waiters(from);
                if (queue.isEmpty()) {
                    return 0;
                }
                // The first waiter took the lock: the others block on the state made for it.
                Waiter top = queue.get(0);
                top.pi = new PiState(top.task);
                top.owns = true;
                wakeRequeued(top);
                ps = top.pi;
                taskCount++;
            }
            while (taskCount - wakeCount < requeueCount && !futexes.waiters(from).isEmpty()) {
                Waiter w = futexes.waiters(from).get(0);
                if (w.requeuePiTarget == null || w.pi != null || !w.requeuePiTarget.equals(to)) {
                    throw Errno.EINVAL.exception();
                }
                if (ps.owner == w.task) {
                    // rt_mutex_start_proxy_lock's deadlock detection: the waiter owns the lock.
                    throw Errno.EDEADLK.exception();
                }
                w.pi = ps;
                w.requeuePiTarget = null;
                futexes.move(w, to);
                w.woken = true;
                w.condition.signal();
                taskCount++;
            }
            return taskCount;
        } finally {
            futexes.lock.unlock();
        }
    }

    /**
     * futex_proxy_trylock_atomic: tries to take the PI futex for the first waiter of from.
     * Returns null when it did (or when there is no waiter), else the state the waiters are to
     * block on.
     */
    private PiState proxyTrylock(Key from, Key to, boolean setWaiters) {
        to.space().readInt(to.address());
        List<Waiter> queue = futexes.waiters(from);
        if (queue.isEmpty()) {
            return null;
        }
        Waiter top = queue.get(0);
        if (top.requeuePiTarget == null || top.pi != null || !top.requeuePiTarget.equals(to)) {
            throw Errno.EINVAL.exception();
        }
        return lockAtomic(to, top.task, setWaiters);
    }

    /** A requeue_pi waiter given the lock at requeue time leaves the queue and returns (lock held). */
    private void wakeRequeued(Waiter top) {
        futexes.remove(top);
        top.requeuePiTarget = null;
        top.woken = true;
        top.condition.signal();
    }
}
