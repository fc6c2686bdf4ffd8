package dev.zlx.vfs.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.Inotify;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The split between zlx's own reports and a file system's {@link NotifySource}. */
class NotifySourceTest {
    /** A source that records what it is told, takes watches while accepting, and counts flushes. */
    private static final class Recorder implements NotifySource {
        final List<String> calls = new ArrayList<>();
        boolean accepting = true;
        int flushes;

        @Override
        public boolean watch(Inode inode, FsNotify.Key key, int mask) {
            calls.add("watch " + key.ino() + " 0x" + Integer.toHexString(mask));
            return accepting;
        }

        @Override
        public void unwatch(FsNotify.Key key) {
            calls.add("unwatch " + key.ino());
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    private final Recorder source = new Recorder();

    private final FileSystem fs = new FileSystem() {
        @Override
        public String type() {
            return "sourced";
        }

        @Override
        public Inode root() {
            return dir;
        }

        @Override
        public boolean readOnly() {
            return false;
        }

        @Override
        public NotifySource notifySource() {
            return source;
        }
    };

    private record Node(FileSystem fs, long ino, boolean directory) implements Inode {
        @Override
        public FileSystem fileSystem() {
            return fs;
        }

        @Override
        public FileStat stat() {
            int mode = (directory ? StatMode.S_IFDIR : StatMode.S_IFREG) | 0644;
            return new FileStat(0x7e7e, ino, mode, 1, 0, 0, 0, 0, 4096, 0, 0, 0, 0, 0, 0, 0);
        }

        @Override
        public OpenFile open(int flags) {
            throw Errno.EINVAL.exception();
        }

        @Override
        public boolean isDirectory() {
            return directory;
        }
    }

    private final Node dir = new Node(fs, 1, true);
    private final Node file = new Node(fs, 2, false);
    private final InotifyFile instance = new InotifyFile(Inotify.IN_NONBLOCK);

    @AfterEach
    void tearDown() {
        instance.close();
        assertFalse(FsNotify.active());
    }

    private ByteBuffer read() {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        instance.read(b);
        return b.flip();
    }

    @Test
    void sourcedWatch_zlxReportsSkipped_sourceReportsDelivered_noDuplicates() {
        int wd = instance.addWatch(dir, Inotify.IN_CREATE | Inotify.IN_EXCL_UNLINK);
        assertEquals(List.of("watch 1 0x4000100"), source.calls);
        FsNotify.child(dir, "a", false, Inotify.IN_CREATE, 0);
        assertEquals(Errno.EAGAIN, assertThrows(LinuxException.class, this::read).errno(),
                "zlx's own report is left to the source");
        FsNotify.reported(FsNotify.keyOf(dir), Inotify.IN_CREATE, 0, "a");
        ByteBuffer b = read();
        assertEquals(32, b.limit());
        assertEquals(wd, b.getInt(0));
        assertEquals(Inotify.IN_CREATE, b.getInt(4));
        assertTrue(source.flushes > 0, "reads and reports drain the source first");
    }

    @Test
    void watchesOnOneObject_sourceToldTheUnion_andUnwatchedWithTheLast() {
        InotifyFile other = new InotifyFile(Inotify.IN_NONBLOCK);
        instance.addWatch(file, Inotify.IN_MODIFY);
        other.addWatch(file, Inotify.IN_ATTRIB | Inotify.IN_EXCL_UNLINK);
        assertEquals(List.of("watch 2 0x2", "watch 2 0x6"), source.calls,
                "IN_EXCL_UNLINK only when every watch asks for it");
        other.close();
        assertEquals(2, source.calls.size(), "a watch is left: nothing to tell");
        instance.removeWatch(1);
        assertEquals("unwatch 2", source.calls.get(2));
    }

    @Test
    void ended_ignoredToEachWatch_overflowed_oneOverflow_unmountAlwaysDelivered() {
        int wd = instance.addWatch(file, Inotify.IN_MODIFY);
        FsNotify.reported(FsNotify.keyOf(file), Inotify.IN_UNMOUNT, 0, null);
        FsNotify.overflowed(source);
        FsNotify.overflowed(source);
        FsNotify.ended(FsNotify.keyOf(file));
        ByteBuffer b = read();
        assertEquals(48, b.limit());
        assertEquals(Inotify.IN_UNMOUNT, b.getInt(4));
        assertEquals(-1, b.getInt(16));
        assertEquals(Inotify.IN_Q_OVERFLOW, b.getInt(20));
        assertEquals(wd, b.getInt(32));
        assertEquals(Inotify.IN_IGNORED, b.getInt(36));
        assertFalse(FsNotify.active());
    }

    @Test
    void refusedBySource_zlxReportsItself() {
        source.accepting = false;
        instance.addWatch(file, Inotify.IN_ATTRIB);
        FsNotify.changedInode(file, Inotify.IN_ATTRIB);
        assertEquals(16, read().limit());
        instance.removeWatch(1);
        assertEquals("unwatch 2", source.calls.get(source.calls.size() - 1));
    }
}
