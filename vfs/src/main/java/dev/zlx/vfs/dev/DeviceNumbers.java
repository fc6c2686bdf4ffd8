package dev.zlx.vfs.dev;

import dev.zlx.abi.Errno;
import dev.zlx.abi.FileStat;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.dev.MemoryDeviceFile.Kind;

/**
 * chrdev_open for device nodes outside /dev (made by mknod on tmpfs or hostfs): the device is
 * found by its number, not by the node. zlx drives the memory devices of major 1 this way; every
 * other number, and every block device, has no driver here and is ENXIO, as Linux answers.
 */
public final class DeviceNumbers {
    /** The major number of the memory devices (drivers/char/mem.c). */
    static final int MEM_MAJOR = 1;

    private DeviceNumbers() {
    }

    /** The memory device of a minor number of major 1, or null if zlx has none. */
    static Kind memoryDevice(int minor) {
        return switch (minor) {
            case 3 -> Kind.NULL;
            case 5 -> Kind.ZERO;
            case 7 -> Kind.FULL;
            case 8, 9 -> Kind.RANDOM;
            default -> null;
        };
    }

    /** Opens the character device rdev (a glibc dev_t) through the node that names it. */
    public static OpenFile openChar(long rdev, Inode node, int flags) {
        Kind kind = FileStat.major(rdev) == MEM_MAJOR ? memoryDevice(FileStat.minor(rdev)) : null;
        if (kind == null) {
            throw Errno.ENXIO.exception();
        }
        return new MemoryDeviceFile(node, kind, flags);
    }
}
