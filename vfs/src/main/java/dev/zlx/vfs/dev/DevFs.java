package dev.zlx.vfs.dev;

import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.dev.MemoryDeviceFile.Kind;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticSymlink;

/**
 * The guest's /dev (devtmpfs): the memory devices with Linux's major:minor numbers, and the
 * links to /proc/self/fd, and the empty /dev/shm a tmpfs is mounted on. Host device nodes are
 * never reachable; terminals and pseudo-terminals come with the terminal work.
 */
public final class DevFs {
    private DevFs() {
    }

    /** A new /dev. */
    public static FileSystem create() {
        SyntheticFileSystem fs = new SyntheticFileSystem("devtmpfs");
        SyntheticDirectory root = new SyntheticDirectory(fs, 0755);
        device(fs, root, "null", 3, Kind.NULL);
        device(fs, root, "zero", 5, Kind.ZERO);
        device(fs, root, "full", 7, Kind.FULL);
        device(fs, root, "random", 8, Kind.RANDOM);
        device(fs, root, "urandom", 9, Kind.RANDOM);
        root.add("fd", new SyntheticSymlink(fs, () -> "/proc/self/fd"));
        root.add("stdin", new SyntheticSymlink(fs, () -> "/proc/self/fd/0"));
        root.add("stdout", new SyntheticSymlink(fs, () -> "/proc/self/fd/1"));
        root.add("stderr", new SyntheticSymlink(fs, () -> "/proc/self/fd/2"));
        // Where the composition root mounts a tmpfs for POSIX shared memory (shm_open).
        root.add("shm", new SyntheticDirectory(fs, 01777));
        fs.setRoot(root);
        return fs;
    }

    private static void device(SyntheticFileSystem fs, SyntheticDirectory root, String name, int minor, Kind kind) {
        CharDevice[] self = new CharDevice[1];
        self[0] = root.add(name, new CharDevice(fs, 1, minor, 0666,
                flags -> new MemoryDeviceFile(self[0], kind, flags)));
    }
}
