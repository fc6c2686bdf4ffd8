package dev.zlx.vfs.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileLocking;
import dev.zlx.abi.LinuxException;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.Interruption;
import dev.zlx.vfs.OpenFile;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FileLocksTest {
    private static final long MAX = FileLocking.OFFSET_MAX;
    private final FileLocks locks = new FileLocks();
    private final Object file = new Object();
    private final Object a = new Object();
    private final Object b = new Object();

    /** A description of the file named key. */
    private static final class Description extends OpenFile {
        private final Object key;

        Description(Object key) {
            super(Fcntl.O_RDWR);
            this.key = key;
        }

        @Override
        public Inode inode() {
            return null;
        }

        @Override
        public Object lockKey() {
            return key;
        }
    }

    private static RecordLock lock(Object owner, int type, long start, long end) {
        return new RecordLock(owner, 7, false, type, start, end);
    }

    private List<String> ranges() {
        return locks.records(file).stream()
                .sorted((x, y) -> Long.compare(x.start(), y.start()))
                .map(l -> (l.type() == Fcntl.F_RDLCK ? "R" : "W") + l.start() + "-" + (l.end() == MAX ? "max" : l.end()))
                .toList();
    }

    @Test
    void rangesFollowWhenceAndNegativeLengths() {
        assertEquals(new LockRange(10, 19), LockRange.of(0, 10, 10, 0, 0));
        assertEquals(new LockRange(15, MAX), LockRange.of(1, 10, 0, 5, 0));
        assertEquals(new LockRange(90, 99), LockRange.of(2, 0, -10, 0, 100));
        assertEquals(new LockRange(5, 9), LockRange.of(0, 10, -5, 0, 0));
        assertEquals(Errno.EINVAL, assertThrows(LinuxException.class, () -> LockRange.of(0, 3, -5, 0, 0)).errno());
        assertEquals(Errno.EINVAL, assertThrows(LinuxException.class, () -> LockRange.of(0, -1, 1, 0, 0)).errno());
        assertEquals(Errno.EINVAL, assertThrows(LinuxException.class, () -> LockRange.of(3, 0, 1, 0, 0)).errno());
        assertEquals(Errno.EOVERFLOW, assertThrows(LinuxException.class, () -> LockRange.of(2, MAX, 1, 0, 1)).errno());
        assertEquals(Errno.EOVERFLOW, assertThrows(LinuxException.class, () -> LockRange.of(0, 10, MAX, 0, 0)).errno());
    }

    @Test
    void sameTypeLocksMergeAndOtherTypesSplit() {
        locks.set(file, lock(a, Fcntl.F_WRLCK, 0, 9), null, false);
        locks.set(file, lock(a, Fcntl.F_WRLCK, 10, 19), null, false);
        assertEquals(List.of("W0-19"), ranges());
        locks.set(file, lock(a, Fcntl.F_RDLCK, 5, 14), null, false);
        assertEquals(List.of("W0-4", "R5-14", "W15-19"), ranges());
        locks.set(file, lock(a, Fcntl.F_UNLCK, 0, 6), null, false);
        assertEquals(List.of("R7-14", "W15-19"), ranges());
        locks.set(file, lock(a, Fcntl.F_WRLCK, 7, MAX), null, false);
        assertEquals(List.of("W7-max"), ranges());
        locks.set(file, lock(a, Fcntl.F_UNLCK, 0, MAX), null, false);
        assertEquals(List.of(), ranges());
    }

    @Test
    void conflictsAreBetweenOwnersWhereOneWrites() {
        locks.set(file, lock(a, Fcntl.F_RDLCK, 0, 9), null, false);
        locks.set(file, lock(b, Fcntl.F_RDLCK, 5, 14), null, false);
        assertNull(locks.test(file, lock(b, Fcntl.F_WRLCK, 10, 20)));
        RecordLock blocker = locks.test(file, lock(b, Fcntl.F_WRLCK, 0, 4));
        assertSame(a, blocker.owner());
        assertEquals(10, blocker.length());
        LinuxException e = assertThrows(LinuxException.class, () -> locks.set(file, lock(b, Fcntl.F_WRLCK, 9, 9), null, false));
        assertEquals(Errno.EAGAIN, e.errno());
        locks.closed(new Description(file), a);
        locks.set(file, lock(b, Fcntl.F_WRLCK, 9, 9), null, false);
        assertEquals(List.of("R5-8", "W9-9", "R10-14"), ranges());
    }

    @Test
    void waitCyclesBetweenOwnersAreDeadlocks() throws Exception {
        locks.set(file, lock(a, Fcntl.F_WRLCK, 0, 0), null, true);
        locks.set(file, lock(b, Fcntl.F_WRLCK, 1, 1), null, true);
        CompletableFuture<Void> aWaits = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            locks.set(file, lock(a, Fcntl.F_WRLCK, 1, 1), null, true);
            aWaits.complete(null);
        });
        while (locks.waiters() == 0) {
            Thread.sleep(5);
        }
        LinuxException e = assertThrows(LinuxException.class, () -> locks.set(file, lock(b, Fcntl.F_WRLCK, 0, 0), null, true));
        assertEquals(Errno.EDEADLK, e.errno());
        locks.set(file, lock(b, Fcntl.F_UNLCK, 0, MAX), null, false);
        aWaits.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("W0-1"), ranges());
    }

    @Test
    void flockConvertsAndConflictsPerDescription() {
        Object key = new Object();
        Description k1 = new Description(key);
        Description k2 = new Description(key);
        locks.flock(k1, Fcntl.F_RDLCK, false);
        locks.flock(k2, Fcntl.F_RDLCK, false);
        assertEquals(Errno.EAGAIN, assertThrows(LinuxException.class, () -> locks.flock(k1, Fcntl.F_WRLCK, false)).errno());
        // The failed conversion dropped k1's shared lock, as Linux's does: k2 may now take it exclusively.
        locks.flock(k2, Fcntl.F_WRLCK, false);
        k2.close();
        locks.flock(k1, Fcntl.F_WRLCK, false);
    }

    @Test
    void aWaitEndsWithEintrWhenInterrupted() throws Exception {
        locks.set(file, lock(a, Fcntl.F_WRLCK, 0, MAX), null, false);
        CompletableFuture<Interruption> who = new CompletableFuture<>();
        CompletableFuture<Errno> result = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            who.complete(Interruption.current());
            try {
                locks.set(file, lock(b, Fcntl.F_RDLCK, 0, 0), null, true);
                result.complete(null);
            } catch (LinuxException e) {
                result.complete(e.errno());
            }
        });
        Interruption i = who.get(5, TimeUnit.SECONDS);
        while (locks.waiters() == 0) {
            Thread.sleep(5);
        }
        i.request();
        assertEquals(Errno.EINTR, result.get(5, TimeUnit.SECONDS));
        assertTrue(locks.records(file).stream().allMatch(l -> l.owner() == a));
    }

    @Test
    void aWaiterKeepsItsLockWhenTheFileHadNoOtherLocksLeft() throws Exception {
        locks.set(file, lock(a, Fcntl.F_WRLCK, 0, MAX), null, false);
        CompletableFuture<Void> bWaits = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            locks.set(file, lock(b, Fcntl.F_WRLCK, 0, 0), null, true);
            bWaits.complete(null);
        });
        while (locks.waiters() == 0) {
            Thread.sleep(5);
        }
        locks.set(file, lock(a, Fcntl.F_UNLCK, 0, MAX), null, false);
        bWaits.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("W0-0"), ranges());
        assertThrows(LinuxException.class, () -> locks.set(file, lock(a, Fcntl.F_WRLCK, 0, 0), null, false));
    }
}
