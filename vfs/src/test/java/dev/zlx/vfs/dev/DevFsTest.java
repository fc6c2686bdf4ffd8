package dev.zlx.vfs.dev;

import static dev.zlx.vfs.Expect.errno;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.DirEntry;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The memory devices of /dev with Linux's numbers and behaviour (drivers/char/mem.c). */
class DevFsTest {
    private final FileSystem dev = DevFs.create(new dev.zlx.vfs.tty.DevPts(0620, 5));

    private Inode node(String name) {
        return dev.root().lookup(name);
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0x5a);
        return b;
    }

    @ParameterizedTest
    @CsvSource({"null,1,3", "zero,1,5", "full,1,7", "random,1,8", "urandom,1,9"})
    void memoryDevice_isCharacterDeviceWithLinuxNumbers(String name, int major, int minor) {
        FileStat st = node(name).stat();
        assertEquals(StatMode.S_IFCHR | 0666, st.mode());
        assertEquals(major, FileStat.major(st.rdev()));
        assertEquals(minor, FileStat.minor(st.rdev()));
        assertEquals(FileStat.makedev(major, minor), st.rdev());
    }

    @Test
    void devNull_readsEndOfFileAndSwallowsWrites() {
        OpenFile f = node("null").open(Fcntl.O_RDWR);
        ByteBuffer buf = ByteBuffer.wrap(filled(16));
        assertEquals(0, f.read(buf));
        assertArrayEquals(filled(16), buf.array());
        ByteBuffer data = ByteBuffer.wrap(filled(100));
        assertEquals(100, f.write(data));
        assertFalse(data.hasRemaining());
    }

    @Test
    void devZero_readsZerosAndAcceptsWrites() {
        OpenFile f = node("zero").open(Fcntl.O_RDWR);
        ByteBuffer buf = ByteBuffer.wrap(filled(64));
        assertEquals(64, f.read(buf));
        assertArrayEquals(new byte[64], buf.array());
        assertEquals(3, f.write(ByteBuffer.wrap(new byte[3])));
    }

    @Test
    void devFull_readsZerosAndWriteIsENOSPC() {
        OpenFile f = node("full").open(Fcntl.O_RDWR);
        ByteBuffer buf = ByteBuffer.wrap(filled(8));
        assertEquals(8, f.read(buf));
        assertArrayEquals(new byte[8], buf.array());
        errno(Errno.ENOSPC, () -> f.write(ByteBuffer.wrap(new byte[1])));
    }

    @Test
    void devUrandom_fillsTheBufferWithRandomBytes() {
        OpenFile f = node("urandom").open(Fcntl.O_RDONLY);
        ByteBuffer one = ByteBuffer.allocate(64);
        ByteBuffer two = ByteBuffer.allocate(64);
        assertEquals(64, f.read(one));
        assertEquals(64, f.read(two));
        // Two equal 64-byte draws, or an all-zero one, happen with probability 2^-512.
        assertFalse(Arrays.equals(one.array(), two.array()));
        assertFalse(Arrays.equals(new byte[64], one.array()));
    }

    @Test
    void devRandom_givesRandomBytesToo() {
        ByteBuffer buf = ByteBuffer.allocate(32);
        assertEquals(32, node("random").open(Fcntl.O_RDONLY).read(buf));
        assertFalse(Arrays.equals(new byte[32], buf.array()));
    }

    @Test
    void memoryDevice_seekStaysAtZero() {
        OpenFile f = node("zero").open(Fcntl.O_RDONLY);
        assertEquals(0, f.seek(100, Fcntl.SEEK_SET));
        assertEquals(0, f.seek(5, Fcntl.SEEK_END));
    }

    @Test
    void memoryDevice_accessModeIsEnforcedWithEBADF() {
        OpenFile ro = node("null").open(Fcntl.O_RDONLY);
        errno(Errno.EBADF, () -> ro.write(ByteBuffer.allocate(1)));
        OpenFile wo = node("zero").open(Fcntl.O_WRONLY);
        errno(Errno.EBADF, () -> wo.read(ByteBuffer.allocate(1)));
    }

    @Test
    void openFile_reportsTheDeviceInode() {
        Inode zero = node("zero");
        assertEquals(zero.stat().ino(), zero.open(Fcntl.O_RDONLY).stat().ino());
    }

    @Test
    void fdLinks_pointIntoProcSelfFd() {
        assertEquals("/proc/self/fd", node("fd").readlink());
        assertEquals("/proc/self/fd/0", node("stdin").readlink());
        assertEquals("/proc/self/fd/1", node("stdout").readlink());
        assertEquals("/proc/self/fd/2", node("stderr").readlink());
        assertTrue(node("stdin").isSymlink());
    }

    @Test
    void root_listsEveryNodeAndIsDevtmpfs() {
        assertEquals("devtmpfs", dev.type());
        assertEquals(java.util.List.of("null", "zero", "full", "random", "urandom", "tty", "ptmx", "pts", "fd", "stdin", "stdout", "stderr",
                "shm"),
                dev.root().list().stream().map(DirEntry::name).toList());
        assertEquals(StatMode.DT_CHR, dev.root().list().get(0).type());
    }
}
