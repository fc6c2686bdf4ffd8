package dev.zlx.vfs.dev;

import dev.zlx.abi.Fcntl;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.dev.MemoryDeviceFile.Kind;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticSymlink;
import dev.zlx.vfs.tty.DevPts;

/**
 * The guest's /dev (devtmpfs): the memory devices with Linux's major:minor numbers, /dev/tty
 * (the caller's controlling terminal) and /dev/ptmx (a new pty of the given devpts), the links
 * to /proc/self/fd, and the empty /dev/shm and /dev/pts a tmpfs and the devpts are mounted on;
 * /dev/console when the run has a terminal (as container runtimes make it: the run's pty).
 * Host device nodes are never reachable.
 */
public final class DevFs {
    private DevFs() {
    }

    /** What opening /dev/console opens (the run's terminal), with open(2)'s flags. */
    @FunctionalInterface
    public interface Console {
        OpenFile open(int flags);
    }

    /** The console minor of TTYAUX_MAJOR (/dev/console is 5:1). */
    private static final int CONSOLE_MINOR = 1;

    /** A new /dev whose /dev/ptmx opens ptys of devpts (mounted on its /dev/pts by the caller). */
    public static FileSystem create(DevPts devpts) {
        return create(devpts, null);
    }

    /** As {@link #create(DevPts)}, with a /dev/console that opens console (none when null). */
    public static FileSystem create(DevPts devpts, Console console) {
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
        if (console != null) {
            // tty_open: /dev/console never becomes the opener's controlling terminal.
            root.add("console", new CharDevice(fs, DevPts.TTYAUX_MAJOR, CONSOLE_MINOR, 0600,
                    flags -> console.open(flags | Fcntl.O_NOCTTY)));
        }
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
