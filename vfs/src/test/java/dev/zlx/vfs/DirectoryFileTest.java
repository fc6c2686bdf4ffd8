package dev.zlx.vfs;

import static dev.zlx.vfs.Expect.errno;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.synthetic.GeneratedFile;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** getdents64 and lseek on an open directory. */
class DirectoryFileTest {
    private SyntheticFileSystem fs;
    private SyntheticDirectory dir;
    private GeneratedFile a;

    /** Records the entries it accepts, up to a capacity. */
    private static final class Sink implements DirentSink {
        final List<String> names = new ArrayList<>();
        final List<Long> offsets = new ArrayList<>();
        final List<Integer> types = new ArrayList<>();
        final List<Long> inos = new ArrayList<>();
        private final int capacity;

        Sink(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public boolean add(long ino, long nextOffset, int type, String name) {
            if (names.size() == capacity) {
                return false;
            }
            names.add(name);
            offsets.add(nextOffset);
            types.add(type);
            inos.add(ino);
            return true;
        }
    }

    @BeforeEach
    void setUp() {
        fs = new SyntheticFileSystem("tmpfs");
        dir = new SyntheticDirectory(fs, 0755);
        fs.setRoot(dir);
        a = dir.add("a", new GeneratedFile(fs, 0444, () -> new byte[0]));
        dir.add("b", new SyntheticDirectory(fs, 0755));
        dir.add("c", new GeneratedFile(fs, 0444, () -> new byte[0]));
    }

    private static List<String> readAll(DirectoryFile f) {
        Sink sink = new Sink(Integer.MAX_VALUE);
        f.readDirectory(sink);
        return sink.names;
    }

    @Test
    void readDirectory_listsDotAndDotDotFirstThenEntries() {
        DirectoryFile f = new DirectoryFile(dir, Fcntl.O_RDONLY);
        Sink sink = new Sink(100);
        assertEquals(5, f.readDirectory(sink));
        assertEquals(List.of(".", "..", "a", "b", "c"), sink.names);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sink.offsets);
        assertEquals(List.of(StatMode.DT_DIR, StatMode.DT_DIR, StatMode.DT_REG, StatMode.DT_DIR, StatMode.DT_REG),
                sink.types);
        assertEquals(dir.stat().ino(), sink.inos.get(0));
        assertEquals(a.stat().ino(), sink.inos.get(2));
    }

    @Test
    void readDirectory_atEnd_returnsZero() {
        DirectoryFile f = new DirectoryFile(dir, Fcntl.O_RDONLY);
        readAll(f);
        assertEquals(0, f.readDirectory(new Sink(100)));
    }

    @Test
    void readDirectory_fullSink_resumesAtTheEntryThatDidNotFit() {
        DirectoryFile f = new DirectoryFile(dir, Fcntl.O_RDONLY);
        Sink first = new Sink(2);
        assertEquals(2, f.readDirectory(first));
        assertEquals(List.of(".", ".."), first.names);
        assertEquals(2, f.seek(0, Fcntl.SEEK_CUR));
        assertEquals(List.of("a", "b", "c"), readAll(f));
    }

    @Test
    void seek_toAnOffsetFromAnEntry_resumesAfterThatEntry() {
        DirectoryFile f = new DirectoryFile(dir, Fcntl.O_RDONLY);
        readAll(f);
        assertEquals(3, f.seek(3, Fcntl.SEEK_SET));
        assertEquals(List.of("b", "c"), readAll(f));
    }

    @Test
    void seek_toZero_rewindsAndSeesNewEntries() {
        DirectoryFile f = new DirectoryFile(dir, Fcntl.O_RDONLY);
        readAll(f);
        dir.add("d", new GeneratedFile(fs, 0444, () -> new byte[0]));
        f.seek(2, Fcntl.SEEK_SET);
        assertEquals(List.of("a", "b", "c"), readAll(f));
        f.seek(0, Fcntl.SEEK_SET);
        assertEquals(List.of(".", "..", "a", "b", "c", "d"), readAll(f));
    }

    @Test
    void seek_pastTheEnd_readsNothing() {
        DirectoryFile f = new DirectoryFile(dir, Fcntl.O_RDONLY);
        assertEquals(1000, f.seek(1000, Fcntl.SEEK_SET));
        assertEquals(0, f.readDirectory(new Sink(100)));
    }

    @Test
    void seek_negativeOrFromEnd_isEINVAL() {
        DirectoryFile f = new DirectoryFile(dir, Fcntl.O_RDONLY);
        errno(Errno.EINVAL, () -> f.seek(-1, Fcntl.SEEK_SET));
        errno(Errno.EINVAL, () -> f.seek(-1, Fcntl.SEEK_CUR));
        errno(Errno.EINVAL, () -> f.seek(0, Fcntl.SEEK_END));
    }

    @Test
    void read_isEISDIR() {
        DirectoryFile f = new DirectoryFile(dir, Fcntl.O_RDONLY);
        errno(Errno.EISDIR, () -> f.read(ByteBuffer.allocate(10)));
        errno(Errno.EISDIR, () -> f.pread(ByteBuffer.allocate(10), 0));
    }

    @Test
    void statusFlags_keepOnlyWhatFGetflShows() {
        DirectoryFile f = new DirectoryFile(dir, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC | Fcntl.O_NONBLOCK);
        assertEquals(Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_NONBLOCK, f.statusFlags());
    }
}
