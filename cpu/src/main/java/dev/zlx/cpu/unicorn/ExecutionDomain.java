package dev.zlx.cpu.unicorn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The execution lock of one or more Unicorn engines: at most one of them runs guest code at a
 * time. An engine starts alone in its domain; engines that map the same shared memory are
 * merged into one, because Unicorn runs guest atomics (lock cmpxchg, ldaxr/stlxr) as plain
 * loads and stores, so two engines running at once on one page would lose updates of each
 * other's semaphores and mutexes. Domains only merge (two processes that once shared memory
 * keep taking turns); the one merged away forwards to the other, and a space always finds its
 * current domain by taking the lock and checking it is still its own ({@link
 * UnicornAddressSpace#acquire}).
 *
 * <p>Handover: the lock is fair, and a thread that finds it taken while an engine of the domain
 * is in guest code stops that run once it has had its time slice ({@link
 * UnicornAddressSpace#MIN_SLICE_NANOS}), then waits in the lock's FIFO queue.
 */
final class ExecutionDomain {
    /** Guards every domain's membership and forwarding, and which domain shared memory is in. */
    static final Object MERGE = new Object();

    final ReentrantLock lock = new ReentrantLock(true);
    /** Threads in lock()'s slow path (waiting, stopping the runner meanwhile). */
    private final AtomicInteger contenders = new AtomicInteger();
    /** The space whose engine is in uc_emu_start, if any (written under lock). */
    volatile UnicornAddressSpace running;
    private final List<UnicornAddressSpace> members = new ArrayList<>();
    private volatile int memberCount;
    private ExecutionDomain mergedInto;

    /** A domain of its own for a new engine. */
    static ExecutionDomain forNewSpace(UnicornAddressSpace space) {
        ExecutionDomain d = new ExecutionDomain();
        synchronized (MERGE) {
            d.members.add(space);
            d.memberCount = 1;
        }
        return d;
    }

    /**
     * Takes the lock. The fast path (nobody else waiting, lock free) is one tryLock. Otherwise
     * the caller waits in the fair queue and meanwhile, every {@link
     * UnicornAddressSpace#STOP_RETRY_NANOS}, stops the engine that is in guest code once it
     * has run its slice: a run holds the lock for as long as the guest neither traps nor
     * faults. Reentrant for the holder (a trap handler's map, fork's copy) without stopping
     * anything. A Java interrupt does not end the wait; it is kept.
     */
    void lock() {
        if (lock.isHeldByCurrentThread()) {
            lock.lock();
            return;
        }
        // No barging past waiters: a stopped runner that calls run() again queues behind them.
        if (contenders.get() == 0 && lock.tryLock()) {
            return;
        }
        contenders.incrementAndGet();
        boolean interrupted = false;
        try {
            while (true) {
                UnicornAddressSpace r = running;
                if (r != null) {
                    r.stopForHandover();
                }
                try {
                    if (lock.tryLock(UnicornAddressSpace.STOP_RETRY_NANOS, TimeUnit.NANOSECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            contenders.decrementAndGet();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void unlock() {
        lock.unlock();
    }

    /** Whether some thread waits for the lock (a run then ends at its next chance). */
    boolean contended() {
        return contenders.get() > 0;
    }

    /** Whether engines other than one take turns here. */
    boolean shared() {
        return memberCount > 1;
    }

    /** The space closed: it takes no more turns. */
    void leave(UnicornAddressSpace space) {
        synchronized (MERGE) {
            members.remove(space);
            memberCount = members.size();
        }
    }

    private ExecutionDomain resolve() {
        ExecutionDomain d = this;
        while (d.mergedInto != null) {
            d = d.mergedInto;
        }
        return d;
    }

    /**
     * space (whose domain is held, with its lock held by the caller) now maps memory: if the
     * memory's engines take turns in another domain, every engine of held moves there (none of
     * them can be running: the caller holds held's lock). Returns whether space's domain
     * changed (a run of it in progress must then end, since it holds the old lock only).
     */
    static boolean join(UnicornAddressSpace space, ExecutionDomain held, UnicornSharedMemory memory) {
        synchronized (MERGE) {
            if (memory.domain == null) {
                memory.domain = held;
                return false;
            }
            ExecutionDomain target = memory.domain.resolve();
            memory.domain = target;
            if (target == held) {
                return false;
            }
            for (UnicornAddressSpace m : held.members) {
                m.domain = target;
                target.members.add(m);
            }
            held.members.clear();
            held.memberCount = 0;
            target.memberCount = target.members.size();
            held.mergedInto = target;
            return true;
        }
    }
}
