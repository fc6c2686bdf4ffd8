package dev.zlx.kernel;

import static dev.zlx.abi.Futex.FUTEX_OWNER_DIED;
import static dev.zlx.abi.Futex.FUTEX_WAITERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.cpu.AddressSpace;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PiFutexesTest {
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    private static final LongSupplier CLOCK = System::nanoTime;

    @TempDir
    Path root;
    private GuestFixture guest;
    private AddressSpace space;
    private PiFutexes pi;
    private Task main;
    private Task peer;
    private long word;

    @BeforeEach
    void setUp() {
        guest = GuestFixture.create(root, Arch.X86_64);
        space = guest.space();
        pi = guest.kernel().futexes().pi();
        main = guest.task();
        peer = thread();
        word = guest.alloc(4);
    }

    @AfterEach
    void tearDown() {
        guest.close();
    }

    private Task thread() {
        Task t = new Task(guest.kernel().allocatePid(), guest.process());
        guest.process().addTask(t);
        return t;
    }

    private int word() {
        return space.readInt(word);
    }

    private static void assertErrno(Errno expected, Runnable call) {
        assertEquals(expected, assertThrows(LinuxException.class, call::run).errno());
    }

    /** How many tasks wait on the address. */
    private int queued(long address) {
        Futexes f = guest.kernel().futexes();
        f.lock.lock();
        try {
            return f.waiters(new Futexes.Key(space, address)).size();
        } finally {
            f.lock.unlock();
        }
    }

    /** Runs lock for t on another host thread and waits until it is the n-th waiter. */
    private CompletableFuture<Void> blockedLock(Task t, int n) {
        CompletableFuture<Void> f = CompletableFuture.runAsync(
                () -> pi.lock(t, space, word, NO_DEADLINE, CLOCK, false));
        while (queued(word) < n) {
            Thread.onSpinWait();
        }
        return f;
    }

    @Test
    void lock_free_takesItWithTheTid() {
        pi.lock(main, space, word, NO_DEADLINE, CLOCK, false);
        assertEquals(main.tid(), word());
    }

    @Test
    void lock_ownedByCaller_EDEADLK() {
        space.writeInt(word, main.tid() | FUTEX_WAITERS);
        assertErrno(Errno.EDEADLK, () -> pi.lock(main, space, word, NO_DEADLINE, CLOCK, false));
        assertErrno(Errno.EDEADLK, () -> pi.lock(main, space, word, NO_DEADLINE, CLOCK, true));
    }

    @Test
    void lock_tidOfNoTask_ESRCHAfterSettingWaiters() {
        int ghost = 0x3ffffff0;
        space.writeInt(word, ghost);
        assertErrno(Errno.ESRCH, () -> pi.lock(main, space, word, NO_DEADLINE, CLOCK, false));
        assertEquals(ghost | FUTEX_WAITERS, word());
    }

    @Test
    void lock_ownerDiedAndFree_takenKeepingOwnerDied() {
        space.writeInt(word, FUTEX_OWNER_DIED | FUTEX_WAITERS);
        pi.lock(main, space, word, NO_DEADLINE, CLOCK, false);
        assertEquals(main.tid() | FUTEX_OWNER_DIED, word());
    }

    @Test
    void trylock_held_EAGAINWithWaitersSet() {
        space.writeInt(word, peer.tid());
        assertErrno(Errno.EAGAIN, () -> pi.lock(main, space, word, NO_DEADLINE, CLOCK, true));
        assertEquals(peer.tid() | FUTEX_WAITERS, word());
        pi.unlock(peer, space, word);
        assertEquals(0, word(), "no waiter stayed queued");
    }

    @Test
    void lock_held_timesOutAndLeavesTheQueue() {
        space.writeInt(word, peer.tid());
        assertErrno(Errno.ETIMEDOUT, () -> pi.lock(main, space, word, CLOCK.getAsLong() + 20_000_000, CLOCK, false));
        pi.unlock(peer, space, word);
        assertEquals(0, word());
    }

    @Test
    void unlock_byNonOwner_EPERM() {
        space.writeInt(word, peer.tid());
        assertErrno(Errno.EPERM, () -> pi.unlock(main, space, word));
        space.writeInt(word, 0);
        assertErrno(Errno.EPERM, () -> pi.unlock(main, space, word));
    }

    @Test
    void unlock_withWaiters_handsToTheFirstInOrder() throws Exception {
        Task third = thread();
        pi.lock(peer, space, word, NO_DEADLINE, CLOCK, false);
        CompletableFuture<Void> first = blockedLock(main, 1);
        CompletableFuture<Void> second = blockedLock(third, 2);

        pi.unlock(peer, space, word);
        first.get(5, TimeUnit.SECONDS);
        assertEquals(main.tid() | FUTEX_WAITERS, word(), "the waiter's TID, and WAITERS while state remains");

        pi.unlock(main, space, word);
        second.get(5, TimeUnit.SECONDS);
        assertEquals(third.tid() | FUTEX_WAITERS, word());
        pi.unlock(third, space, word);
        assertEquals(0, word());
    }

    @Test
    void plainWakeOnAPiWaiter_EINVAL() throws Exception {
        pi.lock(peer, space, word, NO_DEADLINE, CLOCK, false);
        CompletableFuture<Void> waiter = blockedLock(main, 1);
        assertErrno(Errno.EINVAL, () -> guest.kernel().futexes().wake(space, word, 1, -1));
        pi.unlock(peer, space, word);
        waiter.get(5, TimeUnit.SECONDS);
    }

    @Test
    void ownerExits_firstWaiterGetsItMarkedOwnerDied() throws Exception {
        pi.lock(peer, space, word, NO_DEADLINE, CLOCK, false);
        CompletableFuture<Void> waiter = blockedLock(main, 1);
        guest.kernel().futexes().exitRelease(peer);
        waiter.get(5, TimeUnit.SECONDS);
        assertEquals(main.tid() | FUTEX_WAITERS | FUTEX_OWNER_DIED, word());
    }

    @Test
    void ownerExited_itsTidIsESRCH() {
        guest.kernel().futexes().exitRelease(peer);
        space.writeInt(word, peer.tid());
        assertErrno(Errno.ESRCH, () -> pi.lock(main, space, word, NO_DEADLINE, CLOCK, false));
    }

    @Test
    void robustListPiEntry_markedOwnerDiedWithoutAWake() {
        // robust_list_head {next, futex_offset, list_op_pending} and one entry whose futex word follows it.
        long head = guest.alloc(24);
        long entry = guest.alloc(16);
        long futex = entry + 8;
        space.writeLong(head, entry | 1);
        space.writeLong(head + 8, 8);
        space.writeLong(entry, head);
        space.writeInt(futex, peer.tid() | FUTEX_WAITERS);
        peer.setRobustList(head, 24);
        guest.kernel().futexes().exitRelease(peer);
        assertEquals(FUTEX_WAITERS | FUTEX_OWNER_DIED, space.readInt(futex));
    }

    @Test
    void requeuePi_heldLock_waiterMovedThenHandedOver() throws Exception {
        long cond = guest.alloc(4);
        space.writeInt(word, main.tid());
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(
                () -> pi.waitRequeuePi(peer, space, cond, 0, NO_DEADLINE, CLOCK, word));
        while (queued(cond) == 0) {
            Thread.onSpinWait();
        }
        assertEquals(1, pi.cmpRequeue(space, cond, word, 1, 1, 0));
        assertEquals(main.tid() | FUTEX_WAITERS, word());
        pi.unlock(main, space, word);
        waiter.get(5, TimeUnit.SECONDS);
        assertEquals(peer.tid() | FUTEX_WAITERS, word());
    }

    @Test
    void requeuePi_freeLock_takenForTheWaiter() throws Exception {
        long cond = guest.alloc(4);
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(
                () -> pi.waitRequeuePi(peer, space, cond, 0, NO_DEADLINE, CLOCK, word));
        while (queued(cond) == 0) {
            Thread.onSpinWait();
        }
        assertEquals(1, pi.cmpRequeue(space, cond, word, 1, 0, 0));
        waiter.get(5, TimeUnit.SECONDS);
        assertEquals(peer.tid(), word());
    }

    @Test
    void cmpRequeuePi_badArguments() {
        long cond = guest.alloc(4);
        assertErrno(Errno.EINVAL, () -> pi.cmpRequeue(space, cond, word, 2, 1, 0));
        assertErrno(Errno.EINVAL, () -> pi.cmpRequeue(space, cond, cond, 1, 1, 0));
        assertErrno(Errno.EINVAL, () -> pi.cmpRequeue(space, cond, word, 1, -1, 0));
        assertErrno(Errno.EAGAIN, () -> pi.cmpRequeue(space, cond, word, 1, 1, 7));
        assertEquals(0, pi.cmpRequeue(space, cond, word, 1, 1, 0));
        assertErrno(Errno.EINVAL, () -> pi.waitRequeuePi(main, space, cond, 0, NO_DEADLINE, CLOCK, cond));
        assertErrno(Errno.EAGAIN, () -> pi.waitRequeuePi(main, space, cond, 1, NO_DEADLINE, CLOCK, word));
    }
}
