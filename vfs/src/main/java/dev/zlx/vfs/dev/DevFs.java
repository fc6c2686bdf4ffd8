package dev.zlx.vfs.dev;

import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.dev.MemoryDeviceFile.Kind;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticSymlink;
import dev.zlx.vfs.tty.DevPts;

/**
 * The guest's /dev (devtmpfs): the memory devices with Linux's major:minor numbers, /dev/tty
 * (the caller's controlling terminal) and /dev/ptmx (a new pty of the given devpts), the links
 * to /proc/self/fd, and the empty /dev/shm and /dev/pts a tmpfs and the devpts are mounted on.
 * Host device nodes are never reachable.
 */
public final class DevFs {
    private DevFs() {
    }

    /** A new /dev whose /dev/ptmx opens ptys of devpts (mounted on its /dev/pts by the caller). */
    public static FileSystem create(DevPts devpts) {
        SyntheticFileSystem fs = new SyntheticFileSystem("devtmpfs");
        SyntheticDirectory root = new SyntheticDirectory(fs, 0755);
        device(fs, root, "null", 3);
        device(fs, root, "zero", 5);
        device(fs, root, "full", 7);
        device(fs, root, "random", 8);
        device(fs, root, "urandom", 9);
        CharDevice[] tty = new CharDevice[1];
        tty[0] = root.add("tty", new CharDevice(fs, DevPts.TTYAUX_MAJOR, 0, 0666,
                flags -> DevPts.openControlling(tty[0], flags)));
        CharDevice[] ptmx = new CharDevice[1];
        ptmx[0] = root.add("ptmx", new CharDevice(fs, DevPts.TTYAUX_MAJOR, DevPts.PTMX_MINOR, 0666,
                flags -> devpts.openMaster(ptmx[0], flags)));
        root.add("pts", new SyntheticDirectory(fs, 0755));
        root.add("fd", new SyntheticSymlink(fs, () -> "/proc/self/fd"));
        root.add("stdin", new SyntheticSymlink(fs, () -> "/proc/self/fd/0"));
        root.add("stdout", new SyntheticSymlink(fs, () -> "/proc/self/fd/1"));
        root.add("stderr", new SyntheticSymlink(fs, () -> "/proc/self/fd/2"));
        // Where the composition root mounts a tmpfs for POSIX shared memory (shm_open).
        root.add("shm", new SyntheticDirectory(fs, 01777));
        fs.setRoot(root);
        return fs;
    }

    private static void device(SyntheticFileSystem fs, SyntheticDirectory root, String name, int minor) {
        Kind kind = DeviceNumbers.memoryDevice(minor);
        CharDevice[] self = new CharDevice[1];
        self[0] = root.add(name, new CharDevice(fs, DeviceNumbers.MEM_MAJOR, minor, 0666,
                flags -> new MemoryDeviceFile(self[0], kind, flags)));
    }
}
