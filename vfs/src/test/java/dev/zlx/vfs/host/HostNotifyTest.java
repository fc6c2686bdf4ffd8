package dev.zlx.vfs.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zlx.abi.Inotify;
import dev.zlx.abi.Poll;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.notify.FsNotify;
import dev.zlx.vfs.notify.InotifyFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hostfs's watches through the host's inotify: a change made on the host is queued by the time
 * the instance is read (the read drains the host first), once, and a watch ends with the host's.
 */
class HostNotifyTest {
    @TempDir
    Path tmp;
    private Path root;
    private Inode rootInode;
    private final InotifyFile instance = new InotifyFile(Inotify.IN_NONBLOCK);

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(HostNotify.INSTANCE != null, "the host has inotify");
        root = Files.createDirectory(tmp.resolve("root"));
        rootInode = new HostFileSystem(root, false).root();
    }

    @AfterEach
    void tearDown() {
        instance.close();
        assertFalse(FsNotify.active());
    }

    /** The events queued now, as "MASK name" (hex mask, the name if any). */
    private List<String> events() {
        List<String> out = new ArrayList<>();
        if ((instance.poll(Poll.POLLIN) & Poll.POLLIN) == 0) {
            return out;
        }
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        instance.read(b);
        b.flip();
        while (b.remaining() >= Inotify.EVENT_SIZE) {
            b.getInt();
            int mask = b.getInt();
            b.getInt();
            int len = b.getInt();
            byte[] name = new byte[len];
            b.get(name);
            String n = new String(name, StandardCharsets.UTF_8).replace("\0", "");
            out.add(Integer.toHexString(mask) + (n.isEmpty() ? "" : " " + n));
        }
        return out;
    }

    @Test
    void hostChanges_queuedOnce_byTheNextRead() throws IOException {
        instance.addWatch(rootInode, Inotify.IN_CREATE | Inotify.IN_DELETE | Inotify.IN_MOVE);
        Files.writeString(root.resolve("a"), "x");
        // zlx's own report of the same change is left to the host.
        FsNotify.child(rootInode, "a", false, Inotify.IN_CREATE, 0);
        Files.move(root.resolve("a"), root.resolve("b"));
        Files.createDirectory(root.resolve("d"));
        Files.delete(root.resolve("b"));
        assertEquals(List.of("100 a", "40 a", "80 b", "40000100 d", "200 b"), events());
    }

    @Test
    void hostDeletesWatchedFile_deleteSelfThenIgnored_andWatchEnds() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        instance.addWatch(rootInode.lookup("f"), Inotify.IN_DELETE_SELF | Inotify.IN_MODIFY);
        Files.writeString(root.resolve("f"), "y");
        Files.delete(root.resolve("f"));
        assertEquals(List.of("2", "400", "8000"), events());
        assertFalse(FsNotify.active(), "the host's IN_IGNORED ended the watch");
    }

    @Test
    void watchOnASymlink_isOnTheLinkItself() throws IOException {
        Files.createSymbolicLink(root.resolve("s"), tmp);
        instance.addWatch(rootInode.lookup("s"), Inotify.IN_CREATE | Inotify.IN_ATTRIB);
        Files.writeString(tmp.resolve("outside"), "x");
        assertEquals(List.of(), events(), "nothing of the directory the link points to, outside the tree");
    }
}
