package dev.zlx.vfs.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.Inotify;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Poll;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InotifyFileTest {
    /** An object known only by its identity, on a device no other test uses. */
    private record Node(long ino, boolean directory, long nlink) implements Inode {
        @Override
        public FileSystem fileSystem() {
            return null;
        }

        @Override
        public FileStat stat() {
            int mode = (directory ? StatMode.S_IFDIR : StatMode.S_IFREG) | 0644;
            return new FileStat(0x7f7f, ino, mode, nlink, 0, 0, 0, 0, 4096, 0, 0, 0, 0, 0, 0, 0);
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

    private final InotifyFile instance = new InotifyFile(Inotify.IN_NONBLOCK);
    private final Node dir = new Node(1, true, 2);
    private final Node file = new Node(2, false, 1);

    @AfterEach
    void tearDown() {
        instance.close();
        assertFalse(FsNotify.active(), "the last close ends every watch");
    }

    private ByteBuffer read(int size) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        instance.read(b);
        return b.flip();
    }

    @Test
    void child_createInWatchedDirectory_queuesEventWithPaddedName() {
        int wd = instance.addWatch(dir, Inotify.IN_CREATE);
        FsNotify.child(dir, "abc", false, Inotify.IN_CREATE, 0);
        FsNotify.child(dir, "abc", false, Inotify.IN_DELETE, 0);
        ByteBuffer b = read(4096);
        assertEquals(32, b.limit(), "one event: header and a name padded to 16");
        assertEquals(wd, b.getInt(0));
        assertEquals(Inotify.IN_CREATE, b.getInt(4));
        assertEquals(16, b.getInt(12));
        assertEquals('a', b.get(16));
        assertEquals(0, b.get(19));
    }

    @Test
    void queue_equalEventsInARow_merged_andBufferTooSmall_EINVAL() {
        instance.addWatch(dir, Inotify.IN_MODIFY);
        FsNotify.child(dir, "f", false, Inotify.IN_MODIFY, 0);
        FsNotify.child(dir, "f", false, Inotify.IN_MODIFY, 0);
        assertEquals(Poll.POLLIN, instance.poll(Poll.POLLIN));
        assertEquals(Errno.EINVAL, assertThrows(LinuxException.class, () -> read(16)).errno());
        assertEquals(32, read(4096).limit());
        assertEquals(Errno.EAGAIN, assertThrows(LinuxException.class, () -> read(4096)).errno());
        assertEquals(0, instance.poll(Poll.POLLIN));
    }

    @Test
    void addWatch_sameObject_sameWd_maskAddAndMaskCreate() {
        int wd = instance.addWatch(file, Inotify.IN_MODIFY);
        assertEquals(wd, instance.addWatch(file, Inotify.IN_ATTRIB | Inotify.IN_MASK_ADD));
        assertEquals(Errno.EEXIST, assertThrows(LinuxException.class,
                () -> instance.addWatch(file, Inotify.IN_OPEN | Inotify.IN_MASK_CREATE)).errno());
        FsNotify.changedInode(file, Inotify.IN_ATTRIB);
        assertEquals(16, read(4096).limit(), "IN_ATTRIB was added to IN_MODIFY");
    }

    @Test
    void gone_lastLink_deleteSelfThenIgnored_andWatchEnds() {
        int wd = instance.addWatch(file, Inotify.IN_DELETE_SELF);
        FsNotify.gone(FsNotify.victim(file));
        ByteBuffer b = read(4096);
        assertEquals(32, b.limit());
        assertEquals(Inotify.IN_DELETE_SELF, b.getInt(4));
        assertEquals(wd, b.getInt(16));
        assertEquals(Inotify.IN_IGNORED, b.getInt(20));
        assertFalse(FsNotify.active());
        assertEquals(Errno.EINVAL, assertThrows(LinuxException.class, () -> instance.removeWatch(wd)).errno());
    }

    @Test
    void oneshot_firstEventEndsTheWatch() {
        instance.addWatch(file, Inotify.IN_ATTRIB | Inotify.IN_ONESHOT);
        FsNotify.changedInode(file, Inotify.IN_ATTRIB);
        FsNotify.changedInode(file, Inotify.IN_ATTRIB);
        ByteBuffer b = read(4096);
        assertEquals(32, b.limit(), "IN_ATTRIB then IN_IGNORED");
        assertEquals(Inotify.IN_IGNORED, b.getInt(20));
        assertTrue(!FsNotify.active());
    }

    @Test
    void moved_sameCookieOnBothSides() {
        Node other = new Node(3, true, 2);
        instance.addWatch(dir, Inotify.IN_MOVE);
        instance.addWatch(other, Inotify.IN_MOVE);
        FsNotify.moved(dir, "a", other, "b", FsNotify.victim(file), null);
        ByteBuffer b = read(4096);
        assertEquals(64, b.limit());
        assertEquals(Inotify.IN_MOVED_FROM, b.getInt(4));
        assertEquals(Inotify.IN_MOVED_TO, b.getInt(36));
        assertTrue(b.getInt(8) != 0);
        assertEquals(b.getInt(8), b.getInt(40));
    }
}
