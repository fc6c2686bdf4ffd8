package dev.zlx.vfs.host;

import static dev.zlx.vfs.Expect.errno;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** read, write, pread, pwrite, lseek and ftruncate on an open host file. */
class HostRegularFileTest {
    @TempDir
    Path dir;

    private Inode file;
    private OpenFile open;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("f"), "0123456789");
        file = new HostFileSystem(dir, false).root().lookup("f");
    }

    @AfterEach
    void tearDown() {
        if (open != null) {
            open.close();
        }
    }

    private OpenFile open(int flags) {
        open = file.open(flags);
        return open;
    }

    private static String read(OpenFile f, int n) {
        ByteBuffer buf = ByteBuffer.allocate(n);
        int got = f.read(buf);
        return new String(buf.array(), 0, got, StandardCharsets.UTF_8);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private String content() throws IOException {
        return Files.readString(dir.resolve("f"));
    }

    @Test
    void read_advancesPositionAndReturnsZeroAtEnd() {
        OpenFile f = open(Fcntl.O_RDONLY);
        assertEquals("0123", read(f, 4));
        assertEquals("456789", read(f, 100));
        assertEquals("", read(f, 10));
        assertEquals(10, f.seek(0, Fcntl.SEEK_CUR));
    }

    @Test
    void read_fillsOnlyTheBuffersRemainingBytes() {
        OpenFile f = open(Fcntl.O_RDONLY);
        ByteBuffer buf = ByteBuffer.allocate(8).position(2).limit(5);
        assertEquals(3, f.read(buf));
        assertEquals(5, buf.position());
        assertArrayEquals(new byte[] {0, 0, '0', '1', '2', 0, 0, 0}, buf.array());
    }

    @Test
    void write_overwritesAtPosition() throws IOException {
        OpenFile f = open(Fcntl.O_WRONLY);
        f.seek(3, Fcntl.SEEK_SET);
        assertEquals(2, f.write(bytes("ab")));
        assertEquals(5, f.seek(0, Fcntl.SEEK_CUR));
        assertEquals("012ab56789", content());
    }

    @Test
    void accessMode_isEnforcedWithEBADF() {
        OpenFile ro = open(Fcntl.O_RDONLY);
        errno(Errno.EBADF, () -> ro.write(bytes("x")));
        errno(Errno.EBADF, () -> ro.pwrite(bytes("x"), 0));
        errno(Errno.EBADF, () -> ro.truncate(0));
        ro.close();
        OpenFile wo = open(Fcntl.O_WRONLY);
        errno(Errno.EBADF, () -> wo.read(ByteBuffer.allocate(1)));
        errno(Errno.EBADF, () -> wo.pread(ByteBuffer.allocate(1), 0));
    }

    @Test
    void preadAndPwrite_leaveThePositionAlone() throws IOException {
        OpenFile f = open(Fcntl.O_RDWR);
        f.seek(2, Fcntl.SEEK_SET);
        ByteBuffer buf = ByteBuffer.allocate(3);
        assertEquals(3, f.pread(buf, 6));
        assertEquals("678", new String(buf.array(), StandardCharsets.UTF_8));
        assertEquals(1, f.pwrite(bytes("Z"), 0));
        assertEquals(2, f.seek(0, Fcntl.SEEK_CUR));
        assertEquals("Z123456789", content());
        assertEquals(0, f.pread(ByteBuffer.allocate(3), 100));
    }

    @Test
    void preadAndPwrite_negativeOffset_isEINVAL() {
        OpenFile f = open(Fcntl.O_RDWR);
        errno(Errno.EINVAL, () -> f.pread(ByteBuffer.allocate(1), -1));
        errno(Errno.EINVAL, () -> f.pwrite(bytes("x"), -1));
    }

    @Test
    void append_writesAtEndWhateverThePosition() throws IOException {
        OpenFile f = open(Fcntl.O_WRONLY | Fcntl.O_APPEND);
        f.seek(0, Fcntl.SEEK_SET);
        f.write(bytes("ab"));
        assertEquals("0123456789ab", content());
    }

    @Test
    void readWriteAppend_readsFromStartAndAppendsWrites() throws IOException {
        // fopen(path, "a+"): the position starts at 0 for reading; writes go to the end.
        OpenFile f = open(Fcntl.O_RDWR | Fcntl.O_APPEND);
        assertEquals(0, f.seek(0, Fcntl.SEEK_CUR));
        assertEquals("012", read(f, 3));
        assertEquals(5, f.seek(2, Fcntl.SEEK_CUR));
        f.write(bytes("ab"));
        assertEquals("0123456789ab", content());
        assertEquals(12, f.seek(0, Fcntl.SEEK_CUR));
    }

    @Test
    void seek_setCurEnd_computeFromTheirBase() {
        OpenFile f = open(Fcntl.O_RDONLY);
        assertEquals(4, f.seek(4, Fcntl.SEEK_SET));
        assertEquals(6, f.seek(2, Fcntl.SEEK_CUR));
        assertEquals(3, f.seek(-3, Fcntl.SEEK_CUR));
        assertEquals(8, f.seek(-2, Fcntl.SEEK_END));
        assertEquals("89", read(f, 10));
        assertEquals(20, f.seek(10, Fcntl.SEEK_END));
        assertEquals("", read(f, 10));
    }

    @Test
    void seek_toNegativeOffset_isEINVALAndKeepsPosition() {
        OpenFile f = open(Fcntl.O_RDONLY);
        f.seek(5, Fcntl.SEEK_SET);
        errno(Errno.EINVAL, () -> f.seek(-1, Fcntl.SEEK_SET));
        errno(Errno.EINVAL, () -> f.seek(-6, Fcntl.SEEK_CUR));
        errno(Errno.EINVAL, () -> f.seek(-11, Fcntl.SEEK_END));
        errno(Errno.EINVAL, () -> f.seek(Long.MAX_VALUE, Fcntl.SEEK_CUR));
        errno(Errno.EINVAL, () -> f.seek(0, 7));
        assertEquals(5, f.seek(0, Fcntl.SEEK_CUR));
    }

    @Test
    void seekDataAndHole_treatTheWholeFileAsData() {
        OpenFile f = open(Fcntl.O_RDONLY);
        assertEquals(3, f.seek(3, Fcntl.SEEK_DATA));
        assertEquals(10, f.seek(3, Fcntl.SEEK_HOLE));
        assertEquals(10, f.seek(0, Fcntl.SEEK_CUR));
        errno(Errno.ENXIO, () -> f.seek(10, Fcntl.SEEK_DATA));
        errno(Errno.ENXIO, () -> f.seek(10, Fcntl.SEEK_HOLE));
        errno(Errno.ENXIO, () -> f.seek(-1, Fcntl.SEEK_DATA));
        errno(Errno.ENXIO, () -> f.seek(-1, Fcntl.SEEK_HOLE));
    }

    @Test
    void writeBeyondEnd_leavesZerosInTheGap() throws IOException {
        OpenFile f = open(Fcntl.O_WRONLY);
        f.seek(12, Fcntl.SEEK_SET);
        f.write(bytes("x"));
        assertArrayEquals("0123456789\0\0x".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(dir.resolve("f")));
    }

    @Test
    void truncate_shrinksAndExtendsWithZeros() throws IOException {
        OpenFile f = open(Fcntl.O_RDWR);
        f.truncate(4);
        assertEquals("0123", content());
        f.truncate(7);
        assertArrayEquals(new byte[] {'0', '1', '2', '3', 0, 0, 0}, Files.readAllBytes(dir.resolve("f")));
        f.truncate(7);
        assertEquals(7, Files.size(dir.resolve("f")));
        errno(Errno.EINVAL, () -> f.truncate(-1));
    }

    @Test
    void truncate_doesNotMoveThePosition() {
        OpenFile f = open(Fcntl.O_RDWR);
        f.seek(8, Fcntl.SEEK_SET);
        f.truncate(2);
        assertEquals(8, f.seek(0, Fcntl.SEEK_CUR));
        assertEquals("", read(f, 4));
    }

    @Test
    void truncate_extendingAnAppendDescriptor_setsExactLength() throws IOException {
        OpenFile f = open(Fcntl.O_WRONLY | Fcntl.O_APPEND);
        f.truncate(16);
        assertEquals(16, Files.size(dir.resolve("f")));
    }

    @Test
    void stat_ofOpenFile_isTheInodesStat() throws IOException {
        OpenFile f = open(Fcntl.O_RDONLY);
        assertEquals(Files.getAttribute(dir.resolve("f"), "unix:ino"), f.stat().ino());
        assertEquals(10, f.stat().size());
    }

    @Test
    void largeHeapAndDirectBuffers_moveEveryByte() throws IOException {
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        OpenFile f = open(Fcntl.O_RDWR | Fcntl.O_TRUNC);
        // More than one scratch chunk of a heap buffer, then a direct buffer handed to the host as it is.
        assertEquals(data.length, f.write(ByteBuffer.wrap(data)));
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
        assertEquals(data.length, f.pread(direct, 0));
        assertEquals(ByteBuffer.wrap(data), direct.flip());
        ByteBuffer heap = ByteBuffer.allocate(150_000);
        heap.position(10);
        assertEquals(149_990, f.pread(heap, 1000));
        assertEquals(ByteBuffer.wrap(data, 1000, 149_990), heap.flip().position(10));
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("f")));
    }

    @Test
    void fstatOfAnUnlinkedFile_isItsOwn() throws IOException {
        OpenFile f = open(Fcntl.O_RDWR);
        f.write(bytes("grown to more"));
        Files.delete(dir.resolve("f"));
        assertEquals(13, f.stat().size());
        assertEquals(0, f.stat().nlink());
    }
}
