package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.LinuxException;
import dev.zlx.kernel.testing.MemoryFile;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class FdTableTest {
    private static final long LIMIT = 1024;
    private final FdTable table = new FdTable();

    private static void assertErrno(Errno expected, Executable call) {
        assertEquals(expected, assertThrows(LinuxException.class, call).errno());
    }

    private int open(MemoryFile f) {
        return table.install(f, false, 0, LIMIT);
    }

    @Test
    void install_takesTheLowestFreeNumber() {
        assertEquals(0, open(new MemoryFile(new byte[0])));
        assertEquals(1, open(new MemoryFile(new byte[0])));
        assertEquals(2, open(new MemoryFile(new byte[0])));
        table.close(1);
        assertEquals(1, open(new MemoryFile(new byte[0])));
        assertEquals(3, open(new MemoryFile(new byte[0])));
    }

    @Test
    void install_withMinimum_startsThere() {
        open(new MemoryFile(new byte[0]));
        assertEquals(10, table.install(new MemoryFile(new byte[0]), false, 10, LIMIT));
        assertEquals(1, open(new MemoryFile(new byte[0])));
    }

    @Test
    void install_beyondTheInitialArray_grows() {
        assertEquals(500, table.install(new MemoryFile(new byte[0]), false, 500, LIMIT));
        assertEquals(List.of(500), table.openDescriptors());
    }

    @Test
    void install_tableFullAtTheLimit_EMFILE() {
        for (int i = 0; i < 3; i++) {
            table.install(new MemoryFile(new byte[0]), false, 0, 3);
        }
        assertErrno(Errno.EMFILE, () -> table.install(new MemoryFile(new byte[0]), false, 0, 3));
    }

    @Test
    void install_minimumAtOrAboveTheLimit_EINVAL() {
        assertErrno(Errno.EINVAL, () -> table.install(new MemoryFile(new byte[0]), false, 3, 3));
    }

    @Test
    void get_unknownOrNegativeOrClosed_EBADF() {
        assertErrno(Errno.EBADF, () -> table.get(0));
        assertErrno(Errno.EBADF, () -> table.get(-1));
        assertErrno(Errno.EBADF, () -> table.get(100_000));
        int fd = open(new MemoryFile(new byte[0]));
        table.close(fd);
        assertErrno(Errno.EBADF, () -> table.get(fd));
        assertErrno(Errno.EBADF, () -> table.close(fd));
    }

    @Test
    void dup_sharesTheDescriptionAndItsPosition() {
        MemoryFile file = new MemoryFile("0123456789".getBytes());
        int fd = open(file);
        int copy = table.install(table.get(fd).retain(), false, 0, LIMIT);
        assertSame(table.get(fd), table.get(copy));
        table.get(fd).seek(4, Fcntl.SEEK_SET);
        assertEquals(4, table.get(copy).seek(0, Fcntl.SEEK_CUR));
        table.close(fd);
        assertFalse(file.released(), "the duplicate still refers to the description");
        table.close(copy);
        assertEquals(1, file.releases());
    }

    @Test
    void cloexec_isPerDescriptorNotPerDescription() {
        MemoryFile file = new MemoryFile(new byte[0]);
        int fd = table.install(file, true, 0, LIMIT);
        int copy = table.install(file.retain(), false, 0, LIMIT);
        assertTrue(table.closeOnExec(fd));
        assertFalse(table.closeOnExec(copy));
        table.setCloseOnExec(copy, true);
        table.setCloseOnExec(fd, false);
        assertFalse(table.closeOnExec(fd));
        assertTrue(table.closeOnExec(copy));
    }

    @Test
    void closeOnExec_closesExactlyTheMarkedOnes() {
        MemoryFile kept = new MemoryFile(new byte[0]);
        MemoryFile closed = new MemoryFile(new byte[0]);
        open(kept);
        table.install(closed, true, 0, LIMIT);
        table.closeOnExec();
        assertEquals(List.of(0), table.openDescriptors());
        assertEquals(1, closed.releases());
        assertFalse(kept.released());
        assertEquals(1, open(new MemoryFile(new byte[0])), "the flag does not stick to the number");
        assertFalse(table.closeOnExec(1));
    }

    @Test
    void installAt_closesWhatWasThere() {
        MemoryFile old = new MemoryFile(new byte[0]);
        MemoryFile replacement = new MemoryFile(new byte[0]);
        table.install(old, true, 5, LIMIT);
        table.installAt(5, replacement, false);
        assertEquals(1, old.releases());
        assertSame(replacement, table.get(5));
        assertFalse(table.closeOnExec(5));
    }

    @Test
    void installAt_sameDescriptionAgain_keepsItOpen() {
        // dup2(fd, fd2) where fd2 already refers to the same description: one reference in, one out.
        MemoryFile file = new MemoryFile(new byte[0]);
        table.install(file, false, 0, LIMIT);
        table.install(file.retain(), false, 0, LIMIT);
        table.installAt(1, file.retain(), true);
        assertFalse(file.released());
        table.release();
        assertEquals(1, file.releases());
    }

    @Test
    void release_ofTheLastUser_closesEveryDescriptionOnce() {
        MemoryFile a = new MemoryFile(new byte[0]);
        MemoryFile b = new MemoryFile(new byte[0]);
        open(a);
        table.install(a.retain(), false, 0, LIMIT);
        table.install(b, true, 7, LIMIT);
        table.release();
        assertEquals(1, a.releases());
        assertEquals(1, b.releases());
        assertTrue(table.openDescriptors().isEmpty());
    }

    @Test
    void sharedTable_isClosedByItsLastUserOnly() {
        MemoryFile a = new MemoryFile(new byte[0]);
        table.install(a, false, 0, LIMIT);
        FdTable same = table.share();
        assertTrue(table.shared());
        same.release();
        assertFalse(a.released(), "the other process still uses the table");
        assertFalse(table.shared());
        table.release();
        assertEquals(1, a.releases());
    }
}
