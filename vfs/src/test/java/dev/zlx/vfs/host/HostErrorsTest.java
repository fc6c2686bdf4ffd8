package dev.zlx.vfs.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.zlx.abi.Errno;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The translation of host I/O failures into Linux errors. */
class HostErrorsTest {
    @Test
    void errnoOf_jdkExceptionTypes_mapToTheirErrno() {
        assertEquals(Errno.ENOENT, HostErrors.errnoOf(new NoSuchFileException("/x")));
        assertEquals(Errno.EEXIST, HostErrors.errnoOf(new FileAlreadyExistsException("/x")));
        assertEquals(Errno.ENOTEMPTY, HostErrors.errnoOf(new DirectoryNotEmptyException("/x")));
        assertEquals(Errno.EACCES, HostErrors.errnoOf(new AccessDeniedException("/x")));
        assertEquals(Errno.ENOTDIR, HostErrors.errnoOf(new NotDirectoryException("/x")));
        assertEquals(Errno.EINVAL, HostErrors.errnoOf(new NotLinkException("/x")));
        assertEquals(Errno.ELOOP, HostErrors.errnoOf(new FileSystemLoopException("/x")));
    }

    @Test
    void errnoOf_everyStrerrorTextAsReason_mapsBackToItsErrno() {
        for (Errno e : Errno.values()) {
            Errno mapped = HostErrors.errnoOf(new FileSystemException("/some/file", null, e.message()));
            assertEquals(e.message(), mapped.message(), e.name());
        }
    }

    @Test
    void errnoOf_strerrorTextAtEndOfMessage_isMatched() {
        assertEquals(Errno.ENOSPC, HostErrors.errnoOf(new IOException("write failed: No space left on device")));
        assertEquals(Errno.EROFS, HostErrors.errnoOf(new IOException("Read-only file system")));
    }

    @Test
    void errnoOf_jdkElaborationsOfEloop_areStillELOOP() {
        assertEquals(Errno.ELOOP, HostErrors.errnoOf(
                new IOException("Too many levels of symbolic links (NOFOLLOW_LINKS specified)")));
        assertEquals(Errno.ELOOP, HostErrors.errnoOf(new FileSystemException("/a", null,
                "Too many levels of symbolic links or unable to access attributes of symbolic link")));
    }

    @Test
    void errnoOf_unknownText_isEIO() {
        assertEquals(Errno.EIO, HostErrors.errnoOf(new IOException("something odd")));
        assertEquals(Errno.EIO, HostErrors.errnoOf(new IOException()));
        assertEquals(Errno.EIO, HostErrors.errnoOf(new FileSystemException("/x", null, "Unheard of")));
    }

    @Test
    void errnoOf_realHostFailures_matchLinux(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("d/e"));
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertEquals(Errno.ENOTEMPTY, errnoOfCall(() -> Files.delete(dir.resolve("d"))));
        assertEquals(Errno.ENOENT, errnoOfCall(() -> Files.delete(dir.resolve("missing"))));
        assertEquals(Errno.ENOTDIR, errnoOfCall(() -> Files.createDirectory(file.resolve("sub"))));
        assertEquals(Errno.EEXIST, errnoOfCall(() -> Files.createDirectory(dir.resolve("d"))));
    }

    @Test
    void of_returnsThePreallocatedExceptionOfTheErrno() {
        assertSame(Errno.ENOENT.exception(), HostErrors.of(new NoSuchFileException("/x")));
    }

    private interface IoCall {
        void run() throws IOException;
    }

    private static Errno errnoOfCall(IoCall call) {
        try {
            call.run();
        } catch (IOException e) {
            return HostErrors.errnoOf(e);
        }
        throw new AssertionError("the host call succeeded");
    }
}
