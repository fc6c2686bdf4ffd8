package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** truncate, ftruncate, fsync and fdatasync with Linux's errors. */
class SizeAndSyncSyscallsTest extends HandlerTestBase {
    @Test
    void ftruncate_shrinksAndExtendsTheHostFile_keepingThePosition() throws IOException {
        Files.writeString(root.resolve("f"), "0123456789");
        int fd = openOk("/f", Fcntl.O_RDWR);
        assertEquals(7, sys("lseek", fd, 7, Fcntl.SEEK_SET));
        assertEquals(0, sys("ftruncate", fd, 4));
        assertEquals("0123", Files.readString(root.resolve("f")));
        assertEquals(7, sys("lseek", fd, 0, Fcntl.SEEK_CUR), "ftruncate leaves the position");
        assertEquals(0, sys("ftruncate", fd, 4096));
        assertEquals(4096, Files.size(root.resolve("f")));
    }

    @Test
    void ftruncate_errors() throws IOException {
        Files.writeString(root.resolve("f"), "abc");
        int readOnly = openOk("/f", Fcntl.O_RDONLY);
        assertEquals(err(Errno.EINVAL), sys("ftruncate", readOnly, 1), "not open for writing");
        int writable = openOk("/f", Fcntl.O_WRONLY);
        assertEquals(err(Errno.EINVAL), sys("ftruncate", writable, -1), "negative length");
        assertEquals(err(Errno.EBADF), sys("ftruncate", 99, 1));
        long fds = guest.alloc(8);
        assertEquals(0, sys("pipe2", fds, 0));
        int writeEnd = guest.space().readInt(fds + 4);
        assertEquals(err(Errno.EINVAL), sys("ftruncate", writeEnd, 0), "a pipe is not a regular file");
        int path = openOk("/f", Fcntl.O_PATH);
        assertEquals(err(Errno.EBADF), sys("ftruncate", path, 0));
    }

    @Test
    void truncate_byPath_withLinuxErrors() throws IOException {
        Files.writeString(root.resolve("f"), "abcdef");
        Files.createDirectory(root.resolve("d"));
        assertEquals(0, sys("truncate", guest.putString("/f"), 2));
        assertEquals("ab", Files.readString(root.resolve("f")));
        assertEquals(err(Errno.EISDIR), sys("truncate", guest.putString("/d"), 0));
        assertEquals(err(Errno.ENOENT), sys("truncate", guest.putString("/missing"), 0));
        assertEquals(err(Errno.EINVAL), sys("truncate", guest.putString("/f"), -1));
    }

    @Test
    void fsync_ofFilesAndDirectories_butNotOfPipes() throws IOException {
        Files.writeString(root.resolve("f"), "abc");
        int fd = openOk("/f", Fcntl.O_WRONLY);
        assertEquals(0, sys("fsync", fd));
        assertEquals(0, sys("fdatasync", fd));
        int dir = openOk("/", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY);
        assertEquals(0, sys("fsync", dir));
        long fds = guest.alloc(8);
        assertEquals(0, sys("pipe2", fds, 0));
        assertEquals(err(Errno.EINVAL), sys("fsync", guest.space().readInt(fds)));
        assertEquals(err(Errno.EBADF), sys("fsync", 99));
        assertEquals(err(Errno.EBADF), sys("fsync", openOk("/f", Fcntl.O_PATH)));
    }

    @Test
    void sync_andSyncfs_ofTheHostFileSystem() throws IOException {
        Files.writeString(root.resolve("f"), "abc");
        int fd = openOk("/f", Fcntl.O_WRONLY);
        assertEquals(0, sys("sync"));
        assertEquals(0, sys("syncfs", fd));
        long fds = guest.alloc(8);
        assertEquals(0, sys("pipe2", fds, 0));
        assertEquals(0, sys("syncfs", guest.space().readInt(fds)), "a pipe's file system has nothing to flush");
        assertEquals(err(Errno.EBADF), sys("syncfs", 99));
    }
}
