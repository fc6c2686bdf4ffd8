package dev.zlx.vfs.synthetic;

import static dev.zlx.vfs.Expect.errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.OpenFile;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A generated file reads like a seq_file: one snapshot per open description. */
class GeneratedFileTest {
    private final SyntheticFileSystem fs = new SyntheticFileSystem("proc");
    private final AtomicInteger generations = new AtomicInteger();
    /** Each generation has different text, so mixing two would show. */
    private final GeneratedFile file = new GeneratedFile(fs, 0444, () -> {
        int n = generations.incrementAndGet();
        return ("generation " + n + "\n" + "x".repeat(n * 7) + "\n").getBytes(StandardCharsets.UTF_8);
    });

    private static String readByteByByte(OpenFile f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (f.read(one.clear()) == 1) {
            out.write(one.get(0));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String readAll(OpenFile f) {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        f.read(buf);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    @Test
    void readOneByteAtATime_givesTheSameTextAsOneRead() {
        OpenFile slow = file.open(Fcntl.O_RDONLY);
        String bytewise = readByteByByte(slow);
        assertEquals(1, generations.get());
        assertEquals("generation 1\n" + "x".repeat(7) + "\n", bytewise);
        generations.set(0);
        assertEquals(bytewise, readAll(file.open(Fcntl.O_RDONLY)));
    }

    @Test
    void snapshot_isTakenAtFirstReadAndKeptForTheDescription() {
        OpenFile f = file.open(Fcntl.O_RDONLY);
        assertEquals(0, generations.get());
        ByteBuffer part = ByteBuffer.allocate(5);
        f.read(part);
        OpenFile other = file.open(Fcntl.O_RDONLY);
        assertEquals("generation 2", readAll(other).lines().findFirst().orElseThrow());
        String rest = readAll(f);
        assertEquals("generation 1\n" + "x".repeat(7) + "\n", "gener" + rest);
        f.seek(0, Fcntl.SEEK_SET);
        assertEquals("generation 3", readAll(f).lines().findFirst().orElseThrow(),
                "seq_lseek to 0 starts over with fresh text");
    }

    @Test
    void seek_movesWithinTheSnapshot() {
        OpenFile f = file.open(Fcntl.O_RDONLY);
        assertEquals(11, f.seek(11, Fcntl.SEEK_SET));
        assertEquals("1\n", new String(read(f, 2), StandardCharsets.UTF_8));
        assertEquals(12, f.seek(-1, Fcntl.SEEK_CUR));
        errno(Errno.EINVAL, () -> f.seek(0, Fcntl.SEEK_END));
        assertEquals(100, f.seek(100, Fcntl.SEEK_SET));
        assertEquals(0, f.read(ByteBuffer.allocate(4)));
    }

    @Test
    void seek_negativeOrUnknownWhence_isEINVAL() {
        OpenFile f = file.open(Fcntl.O_RDONLY);
        errno(Errno.EINVAL, () -> f.seek(-1, Fcntl.SEEK_SET));
        errno(Errno.EINVAL, () -> f.seek(-1, Fcntl.SEEK_CUR));
        errno(Errno.EINVAL, () -> f.seek(0, Fcntl.SEEK_DATA));
    }

    @Test
    void pread_readsAtOffsetWithoutMovingThePosition() {
        OpenFile f = file.open(Fcntl.O_RDONLY);
        ByteBuffer buf = ByteBuffer.allocate(2);
        assertEquals(2, f.pread(buf, 11));
        assertEquals("1\n", new String(buf.array(), StandardCharsets.UTF_8));
        assertEquals(0, f.seek(0, Fcntl.SEEK_CUR));
        assertEquals(0, f.pread(ByteBuffer.allocate(2), 1000));
        errno(Errno.EINVAL, () -> f.pread(ByteBuffer.allocate(2), -1));
    }

    @Test
    void writeHandler_takesEachWriteWhole() {
        java.util.List<String> written = new java.util.ArrayList<>();
        GeneratedFile w = new GeneratedFile(fs, 0644, () -> "value\n".getBytes(StandardCharsets.UTF_8),
                data -> written.add(new String(data, StandardCharsets.UTF_8)));
        OpenFile f = w.open(Fcntl.O_WRONLY);
        assertEquals(6, f.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals(java.util.List.of("hello\n"), written);
        errno(Errno.EBADF, () -> f.read(ByteBuffer.allocate(4)));
    }

    @Test
    void open_forWriting_isEACCES() {
        errno(Errno.EACCES, () -> file.open(Fcntl.O_WRONLY));
        errno(Errno.EACCES, () -> file.open(Fcntl.O_RDWR));
        assertEquals(0, generations.get());
    }

    @Test
    void stat_isRegularFileOfSizeZero() {
        assertEquals(StatMode.S_IFREG | 0444, file.stat().mode());
        assertEquals(0, file.stat().size());
        assertFalse(file.isDirectory());
        errno(Errno.ENOTDIR, () -> file.lookup("x"));
    }

    private static byte[] read(OpenFile f, int n) {
        ByteBuffer buf = ByteBuffer.allocate(n);
        f.read(buf);
        return buf.array();
    }
}
