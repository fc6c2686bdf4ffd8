package dev.zlx.vfs.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.StatMode;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import dev.zlx.vfs.Inode;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a cached type of a host path stands, and which changes drop it. */
class HostTypeCacheTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final HostTypeCache cache = new HostTypeCache(clock::get);
    private final Path a = Path.of("/h/a");
    private final Path b = Path.of("/h/b");

    private long tick() {
        return clock.addAndGet(10);
    }

    @Test
    void aTypeStandsForTheTimeToLiveOnly() {
        cache.put(a, StatMode.S_IFDIR, tick());
        tick();
        assertEquals(StatMode.S_IFDIR, cache.get(a));
        clock.addAndGet(HostTypeCache.TTL_NANOS);
        assertEquals(0, cache.get(a));
    }

    @Test
    void aChangeOfTheNameDropsItsTypeOnly() {
        cache.put(a, StatMode.S_IFDIR, tick());
        cache.put(b, StatMode.S_IFREG, tick());
        tick();
        cache.changing(a);
        assertEquals(0, cache.get(a));
        assertEquals(StatMode.S_IFREG, cache.get(b));
    }

    @Test
    void aCheckBegunBeforeAChangeIsNotKept() {
        long checkedAt = tick();
        tick();
        cache.changing(b);
        cache.put(a, StatMode.S_IFDIR, checkedAt);
        assertEquals(0, cache.get(a));
        cache.put(a, StatMode.S_IFDIR, tick());
        assertEquals(StatMode.S_IFDIR, cache.get(a));
    }

    @Test
    void aRenameDropsEverything() {
        cache.put(a, StatMode.S_IFDIR, tick());
        cache.put(b, StatMode.S_IFLNK, tick());
        tick();
        cache.changingAll();
        tick();
        assertEquals(0, cache.get(a));
        assertEquals(0, cache.get(b));
    }

    @Test
    void aChangeThroughAnotherHostfsDropsEverything() {
        HostTypeCache other = new HostTypeCache(clock::get);
        cache.put(a, StatMode.S_IFDIR, tick());
        other.put(b, StatMode.S_IFDIR, tick());
        tick();
        other.changing(b);
        tick();
        assertEquals(0, cache.get(a));
        // A check that overlapped the other's change is not kept either.
        long checkedAt = clock.get() - 15;
        cache.put(a, StatMode.S_IFDIR, checkedAt);
        assertEquals(0, cache.get(a));
    }

    @Test
    void nothingIsKeptOfAPathThatIsGone() {
        cache.put(a, 0, tick());
        assertEquals(0, cache.get(a));
    }

    @TempDir
    Path host;

    @Test
    void aDirectorySwappedForASymlinkThroughAnyHostfsIsSeenAtOnce() throws Exception {
        Files.createDirectories(host.resolve("d"));
        HostFileSystem fs = new HostFileSystem(host, false);
        // The same host directory under another mount, as -v of a directory under / does.
        HostFileSystem whole = new HostFileSystem(host.getParent(), false);
        Inode viaWhole = whole.root().lookup(host.getFileName().toString());
        assertTrue(fs.root().lookup("d").isDirectory());
        assertTrue(viaWhole.lookup("d").isDirectory());

        fs.root().rmdir("d");
        fs.root().symlink("d", "/elsewhere");
        assertTrue(fs.root().lookup("d").isSymlink());
        assertTrue(viaWhole.lookup("d").isSymlink());

        whole.root().lookup(host.getFileName().toString()).unlink("d");
        whole.root().lookup(host.getFileName().toString()).mkdir("d", 0755);
        assertTrue(fs.root().lookup("d").isDirectory());
    }
}
