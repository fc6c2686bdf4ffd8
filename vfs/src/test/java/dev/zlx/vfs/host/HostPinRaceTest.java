package dev.zlx.vfs.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.LinuxException;
import dev.zlx.vfs.DirEntry;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4: one guest swaps a directory of a hostfs mount for a symlink out of the tree and
 * back, while another opens, stats, lists and creates below it. No call may ever reach the
 * host directory next to the mount, however the two interleave.
 */
class HostPinRaceTest {
    private static final long RUN_NANOS = 3_000_000_000L;

    @TempDir
    Path host;

    @Test
    void swapsOfADirectoryForASymlinkNeverLeadOutOfTheTree() throws Exception {
        Path outside = Files.createDirectory(host.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "OUTSIDE");
        Files.createDirectory(outside.resolve("sub"));
        Path rootDir = Files.createDirectory(host.resolve("root"));
        Files.createDirectory(rootDir.resolve("d"));
        Files.writeString(rootDir.resolve("d/secret"), "inside");
        Files.createDirectory(rootDir.resolve("d/sub"));
        long outsideSecret = (Long) Files.getAttribute(outside.resolve("secret"), "unix:ino");
        long outsideSub = (Long) Files.getAttribute(outside.resolve("sub"), "unix:ino");
        HostFileSystem fs = new HostFileSystem(rootDir, false);
        Inode root = fs.root();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> escaped = new AtomicReference<>();
        Thread swapper = new Thread(() -> {
            // Guest A: rename(d, x); symlink(outside, d); ... and back.
            while (!stop.get()) {
                try {
                    root.rename("d", root, "x");
                    root.symlink("d", outside.toString());
                    Thread.onSpinWait();
                    root.unlink("d");
                    root.rename("x", root, "d");
                } catch (LinuxException e) {
                    // A step the other thread's timing refused; the loop goes on.
                }
            }
        });
        swapper.start();
        long rounds = 0;
        java.util.concurrent.atomic.AtomicLong readsInside = new java.util.concurrent.atomic.AtomicLong();
        long end = System.nanoTime() + RUN_NANOS;
        try {
            while (System.nanoTime() < end && escaped.get() == null) {
                rounds++;
                // Guest B: everything below d, named after a lookup of d that found a directory.
                Inode d;
                try {
                    d = root.lookup("d");
                } catch (LinuxException e) {
                    continue;
                }
                tryStep(() -> {
                    Inode s = d.lookup("secret");
                    if (s.stat().ino() == outsideSecret) {
                        escaped.compareAndSet(null, "stat of d/secret reached the outside file");
                    }
                    OpenFile f = s.open(Fcntl.O_RDONLY);
                    try {
                        ByteBuffer buf = ByteBuffer.allocate(16);
                        f.read(buf);
                        String read = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
                        if (read.equals("OUTSIDE")) {
                            escaped.compareAndSet(null, "open of d/secret read the outside file");
                        } else if (read.equals("inside")) {
                            readsInside.incrementAndGet();
                        }
                    } finally {
                        f.close();
                    }
                });
                tryStep(() -> {
                    for (DirEntry e : d.list()) {
                        if (e.ino() == outsideSub) {
                            escaped.compareAndSet(null, "list of d showed the outside directory");
                        }
                    }
                });
                tryStep(() -> {
                    d.create("made", 0644, Fcntl.O_WRONLY).close();
                    d.unlink("made");
                });
                if (Files.exists(outside.resolve("made"))) {
                    escaped.compareAndSet(null, "create in d made a file outside");
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        System.out.println("HostPinRaceTest: " + rounds + " rounds, " + readsInside + " reads of d/secret inside, escaped: "
                + escaped.get());
        assertEquals(null, escaped.get());
        // The race was run: the reader got through between the swaps too.
        assertTrue(readsInside.get() > 0);
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void tryStep(Step step) throws IOException {
        try {
            step.run();
        } catch (LinuxException refused) {
            // ENOENT, ENOTDIR, EEXIST…: what a guest may see while the tree changes under it.
        }
    }
}
