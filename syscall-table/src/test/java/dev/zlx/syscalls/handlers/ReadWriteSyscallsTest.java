package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.kernel.GuestFixture;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ReadWriteSyscallsTest extends HandlerTestBase {
    @Test
    void read_thenLseek_thenReadAgain() throws IOException {
        Files.writeString(root.resolve("data.txt"), "hello world");
        int fd = openOk("/data.txt", Fcntl.O_RDONLY);
        long buf = guest.alloc(64);
        assertEquals(5, sys("read", fd, buf, 5));
        assertEquals("hello", string(buf, 5));
        assertEquals(5, sys("lseek", fd, 0, Fcntl.SEEK_CUR));
        assertEquals(6, sys("lseek", fd, -5, Fcntl.SEEK_END));
        assertEquals(5, sys("read", fd, buf, 64));
        assertEquals("world", string(buf, 5));
        assertEquals(0, sys("read", fd, buf, 64), "end of file");
    }

    @Test
    void write_reachesTheHostFile() throws IOException {
        int fd = openOk("/out.txt", Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_TRUNC);
        long buf = guest.putString("written by the guest");
        assertEquals(20, sys("write", fd, buf, 20));
        assertEquals(0, sys("close", fd));
        assertEquals("written by the guest", Files.readString(root.resolve("out.txt")));
    }

    @Test
    void read_intoABufferAcrossAPageBoundary() throws IOException {
        Files.writeString(root.resolve("data.txt"), "0123456789");
        int fd = openOk("/data.txt", Fcntl.O_RDONLY);
        long buf = GuestFixture.SCRATCH + 2 * 4096 - 3;
        assertEquals(10, sys("read", fd, buf, 10));
        assertEquals("0123456789", string(buf, 10));
    }

    @Test
    void pread_doesNotMoveThePosition() throws IOException {
        Files.writeString(root.resolve("data.txt"), "abcdef");
        int fd = openOk("/data.txt", Fcntl.O_RDONLY);
        long buf = guest.alloc(8);
        assertEquals(3, sys("pread64", fd, buf, 3, 2));
        assertEquals("cde", string(buf, 3));
        assertEquals(0, sys("lseek", fd, 0, Fcntl.SEEK_CUR));
    }

    @Test
    void read_badDescriptor_EBADF() {
        assertEquals(err(Errno.EBADF), sys("read", 42, guest.alloc(8), 8));
    }

    @Test
    void read_intoUnmappedMemory_EFAULT() throws IOException {
        Files.writeString(root.resolve("data.txt"), "abc");
        int fd = openOk("/data.txt", Fcntl.O_RDONLY);
        assertEquals(err(Errno.EFAULT), sys("read", fd, 0xdead_0000L, 3));
    }

    @Test
    void lseek_beforeTheStart_EINVAL() throws IOException {
        Files.writeString(root.resolve("data.txt"), "abc");
        int fd = openOk("/data.txt", Fcntl.O_RDONLY);
        assertEquals(err(Errno.EINVAL), sys("lseek", fd, -10, Fcntl.SEEK_SET));
    }
}
