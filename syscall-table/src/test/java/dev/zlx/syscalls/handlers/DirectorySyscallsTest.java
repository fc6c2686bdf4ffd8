package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectorySyscallsTest extends HandlerTestBase {
    /** The names in a getdents64 buffer (d_reclen at 16, d_name from 19). */
    private static List<String> names(byte[] buf, int length) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        List<String> out = new ArrayList<>();
        int pos = 0;
        while (pos < length) {
            int reclen = b.getShort(pos + 16) & 0xffff;
            assertTrue(reclen > 19 && reclen % 8 == 0, "d_reclen " + reclen);
            int end = pos + 19;
            while (buf[end] != 0) {
                end++;
            }
            out.add(new String(buf, pos + 19, end - pos - 19, StandardCharsets.UTF_8));
            pos += reclen;
        }
        return out;
    }

    @Test
    void getdents64_listsTheDirectoryThenReturnsZero() throws IOException {
        Files.createDirectory(root.resolve("d"));
        Files.writeString(root.resolve("d/a"), "");
        Files.writeString(root.resolve("d/bb"), "");
        int fd = openOk("/d", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY);
        long buf = guest.alloc(4096);
        long n = sys("getdents64", fd, buf, 4096);
        assertTrue(n > 0);
        List<String> names = names(guest.read(buf, (int) n), (int) n);
        assertTrue(names.containsAll(List.of("a", "bb")), names.toString());
        assertEquals(0, sys("getdents64", fd, buf, 4096), "the end of the directory");
    }

    @Test
    void getdents64_bufferTooSmallForOneEntry_EINVAL() throws IOException {
        Files.createDirectory(root.resolve("d"));
        Files.writeString(root.resolve("d/a"), "");
        int fd = openOk("/d", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY);
        assertEquals(err(Errno.EINVAL), sys("getdents64", fd, guest.alloc(16), 16));
    }

    @Test
    void getdents64_onAFile_ENOTDIR() throws IOException {
        Files.writeString(root.resolve("f"), "");
        int fd = openOk("/f", Fcntl.O_RDONLY);
        assertEquals(err(Errno.ENOTDIR), sys("getdents64", fd, guest.alloc(256), 256));
    }

    @Test
    void getcwd_chdir_getcwd() throws IOException {
        Files.createDirectories(root.resolve("sub/dir"));
        long buf = guest.alloc(256);
        assertEquals(2, sys("getcwd", buf, 256));
        assertEquals("/\0", string(buf, 2));
        assertEquals(0, sys("chdir", guest.putString("sub/dir")));
        assertEquals(9, sys("getcwd", buf, 256));
        assertEquals("/sub/dir\0", string(buf, 9));
        assertEquals(0, sys("chdir", guest.putString("..")));
        assertEquals("/sub\0", string(buf, (int) sys("getcwd", buf, 256)));
    }

    @Test
    void getcwd_bufferTooSmall_ERANGE() throws IOException {
        Files.createDirectory(root.resolve("sub"));
        sys("chdir", guest.putString("/sub"));
        assertEquals(err(Errno.ERANGE), sys("getcwd", guest.alloc(4), 4));
    }

    @Test
    void chdir_intoAFile_ENOTDIR() throws IOException {
        Files.writeString(root.resolve("f"), "");
        assertEquals(err(Errno.ENOTDIR), sys("chdir", guest.putString("/f")));
    }

    @Test
    void relativeOpen_isRelativeToTheCwd() throws IOException {
        Files.createDirectory(root.resolve("sub"));
        Files.writeString(root.resolve("sub/f"), "in sub");
        sys("chdir", guest.putString("/sub"));
        int fd = openOk("f", Fcntl.O_RDONLY);
        long buf = guest.alloc(16);
        assertEquals(6, sys("read", fd, buf, 16));
    }

    @Test
    void rename_movesTheHostFile() throws IOException {
        Files.writeString(root.resolve("old"), "content");
        Files.createDirectory(root.resolve("d"));
        assertEquals(0, sys("renameat", Fcntl.AT_FDCWD, guest.putString("/old"), Fcntl.AT_FDCWD,
                guest.putString("/d/new")));
        assertFalse(Files.exists(root.resolve("old")));
        assertEquals("content", Files.readString(root.resolve("d/new")));
    }

    @Test
    void rename_missingSource_ENOENT() {
        assertEquals(err(Errno.ENOENT), sys("renameat", Fcntl.AT_FDCWD, guest.putString("/nope"), Fcntl.AT_FDCWD,
                guest.putString("/other")));
    }

    @Test
    void rename_directoryIntoItself_EINVAL() throws IOException {
        Files.createDirectory(root.resolve("d"));
        assertEquals(err(Errno.EINVAL), sys("renameat", Fcntl.AT_FDCWD, guest.putString("/d"), Fcntl.AT_FDCWD,
                guest.putString("/d/inner")));
    }

    @Test
    void unlink_removesTheFile() throws IOException {
        Files.writeString(root.resolve("f"), "");
        assertEquals(0, sys("unlinkat", Fcntl.AT_FDCWD, guest.putString("/f"), 0));
        assertFalse(Files.exists(root.resolve("f")));
        assertEquals(err(Errno.ENOENT), sys("unlinkat", Fcntl.AT_FDCWD, guest.putString("/f"), 0));
    }

    @Test
    void unlink_ofADirectoryWithoutRemovedir_EISDIR() throws IOException {
        Files.createDirectory(root.resolve("d"));
        assertEquals(err(Errno.EISDIR), sys("unlinkat", Fcntl.AT_FDCWD, guest.putString("/d"), 0));
        assertEquals(0, sys("unlinkat", Fcntl.AT_FDCWD, guest.putString("/d"), Fcntl.AT_REMOVEDIR));
        assertFalse(Files.exists(root.resolve("d")));
    }

    @Test
    void mkdirat_existing_EEXIST() throws IOException {
        assertEquals(0, sys("mkdirat", Fcntl.AT_FDCWD, guest.putString("/d"), 0755));
        assertTrue(Files.isDirectory(root.resolve("d")));
        assertEquals(err(Errno.EEXIST), sys("mkdirat", Fcntl.AT_FDCWD, guest.putString("/d"), 0755));
    }

    @Test
    void umask_returnsThePreviousMask() {
        assertEquals(022, sys("umask", 077));
        assertEquals(077, sys("umask", 022));
    }
}
