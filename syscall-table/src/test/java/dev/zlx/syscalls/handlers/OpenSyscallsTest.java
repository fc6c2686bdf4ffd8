package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Resource;
import java.io.IOException;
import dev.zlx.kernel.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OpenSyscallsTest extends HandlerTestBase {
    @Test
    void openat_lowestFreeDescriptor() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        assertEquals(0, openOk("/f", Fcntl.O_RDONLY));
        assertEquals(1, openOk("/f", Fcntl.O_RDONLY));
        sys("close", 0);
        assertEquals(0, openOk("/f", Fcntl.O_RDONLY));
    }

    @Test
    void openat_createExclusiveOnAnExistingFile_EEXIST() throws IOException {
        Files.writeString(root.resolve("exists"), "x");
        assertEquals(err(Errno.EEXIST), open("/exists", Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_EXCL, 0644));
        assertTrue(guest.process().fds().openDescriptors().isEmpty());
    }

    @Test
    void openat_createExclusiveOnANewFile_createsIt() {
        assertTrue(open("/new", Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_EXCL, 0644) >= 0);
        assertTrue(Files.exists(root.resolve("new")));
    }

    @Test
    void openat_otherUsersPrivateFile_EACCES() throws IOException {
        Path f = Files.writeString(root.resolve("private"), "secret");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        int owner = (Integer) Files.getAttribute(f, "unix:uid");
        guest.process().setCredentials(Credentials.of(owner + 1, owner + 1, new int[0]));
        assertEquals(err(Errno.EACCES), open("/private", Fcntl.O_RDONLY, 0));
    }

    @Test
    void openat_missingFile_ENOENT() {
        assertEquals(err(Errno.ENOENT), open("/missing", Fcntl.O_RDONLY, 0));
    }

    @Test
    void openat_missingParent_ENOENT() {
        assertEquals(err(Errno.ENOENT), open("/no/such/dir/file", Fcntl.O_WRONLY | Fcntl.O_CREAT, 0644));
    }

    @Test
    void openat_directoryFlagOnAFile_ENOTDIR() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        assertEquals(err(Errno.ENOTDIR), open("/f", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY, 0));
    }

    @Test
    void openat_writingADirectory_EISDIR() throws IOException {
        Files.createDirectory(root.resolve("d"));
        assertEquals(err(Errno.EISDIR), open("/d", Fcntl.O_WRONLY, 0));
    }

    @Test
    void openat_cloexec_setsFdCloexec() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        int fd = openOk("/f", Fcntl.O_RDONLY | Fcntl.O_CLOEXEC);
        assertEquals(Fcntl.FD_CLOEXEC, sys("fcntl", fd, Fcntl.F_GETFD));
        assertEquals(0, sys("fcntl", fd, Fcntl.F_SETFD, 0));
        assertEquals(0, sys("fcntl", fd, Fcntl.F_GETFD));
    }

    @Test
    void dup_sharesTheFilePosition() throws IOException {
        Files.writeString(root.resolve("f"), "abcdef");
        int fd = openOk("/f", Fcntl.O_RDONLY | Fcntl.O_CLOEXEC);
        long copy = sys("dup", fd);
        assertEquals(1, copy);
        assertEquals(0, sys("fcntl", copy, Fcntl.F_GETFD), "dup clears close-on-exec");
        long buf = guest.alloc(8);
        sys("read", fd, buf, 2);
        assertEquals(2, sys("lseek", copy, 0, Fcntl.SEEK_CUR));
    }

    @Test
    void dup2_ontoAnOpenDescriptor_replacesIt() throws IOException {
        Files.writeString(root.resolve("a"), "A");
        Files.writeString(root.resolve("b"), "B");
        int a = openOk("/a", Fcntl.O_RDONLY);
        int b = openOk("/b", Fcntl.O_RDONLY);
        assertEquals(b, sys("dup2", a, b));
        long buf = guest.alloc(1);
        sys("read", b, buf, 1);
        assertEquals("A", string(buf, 1));
    }

    @Test
    void dup2_beyondRlimitNofile_EBADF() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        int fd = openOk("/f", Fcntl.O_RDONLY);
        assertEquals(err(Errno.EBADF), sys("dup2", fd, 1024));
    }

    @Test
    void dup3_sameDescriptor_EINVAL() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        int fd = openOk("/f", Fcntl.O_RDONLY);
        assertEquals(err(Errno.EINVAL), sys("dup3", fd, fd, 0));
    }

    @Test
    void fcntlDupfdCloexec_atOrAboveTheMinimum() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        int fd = openOk("/f", Fcntl.O_RDONLY);
        assertEquals(10, sys("fcntl", fd, Fcntl.F_DUPFD_CLOEXEC, 10));
        assertEquals(Fcntl.FD_CLOEXEC, sys("fcntl", 10, Fcntl.F_GETFD));
    }

    @Test
    void fcntlSetfl_changesOnlyTheChangeableFlags() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        int fd = openOk("/f", Fcntl.O_RDONLY);
        sys("fcntl", fd, Fcntl.F_SETFL, flags(Fcntl.O_NONBLOCK | Fcntl.O_WRONLY));
        long fl = sys("fcntl", fd, Fcntl.F_GETFL);
        assertEquals(Fcntl.O_NONBLOCK, fl & Fcntl.O_NONBLOCK);
        assertEquals(Fcntl.O_RDONLY, fl & Fcntl.O_ACCMODE);
    }

    @Test
    void openat_atTheNofileLimit_EMFILE() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        guest.process().rlimits().set(Resource.RLIMIT_NOFILE, 2, 2);
        openOk("/f", Fcntl.O_RDONLY);
        openOk("/f", Fcntl.O_RDONLY);
        assertEquals(err(Errno.EMFILE), open("/f", Fcntl.O_RDONLY, 0));
    }

    /** The same checks on aarch64, where O_DIRECTORY and O_NOFOLLOW have other numbers. */
    @Nested
    class Aarch64 extends HandlerTestBase {
        @Override
        protected Arch arch() {
            return Arch.AARCH64;
        }

        @Test
        void openat_directoryFlagOnAFile_ENOTDIR() throws IOException {
            Files.writeString(root.resolve("f"), "x");
            assertEquals(err(Errno.ENOTDIR), open("/f", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY, 0));
        }

        @Test
        void openat_directoryFlagOnADirectory_opens() throws IOException {
            Files.createDirectory(root.resolve("d"));
            assertTrue(open("/d", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY, 0) >= 0);
        }
    }
}
