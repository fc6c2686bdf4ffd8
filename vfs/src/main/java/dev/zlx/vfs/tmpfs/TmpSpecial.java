package dev.zlx.vfs.tmpfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Owner;
import dev.zlx.vfs.dev.DeviceNumbers;
import dev.zlx.vfs.pipe.Pipe;
import dev.zlx.vfs.pipe.PipeEnd;

/**
 * A FIFO, socket or device node made by mknod(2). A FIFO opens onto one pipe buffer shared by
 * its openers. A device node opens the device of its number ({@link DeviceNumbers}: ENXIO for
 * one without a driver in zlx, as Linux); a socket node is ENXIO as on Linux.
 */
final class TmpSpecial extends TmpNode {
    private final long rdev;
    private Pipe pipe;

    TmpSpecial(TmpFs fs, int mode, long rdev, Owner owner) {
        super(fs, mode, owner, 1);
        int type = mode & StatMode.S_IFMT;
        this.rdev = type == StatMode.S_IFCHR || type == StatMode.S_IFBLK ? rdev : 0;
    }

    @Override
    long size() {
        return 0;
    }

    @Override
    long rdev() {
        return rdev;
    }

    @Override
    public OpenFile open(int flags) {
        if ((flags & Fcntl.O_DIRECTORY) != 0) {
            throw Errno.ENOTDIR.exception();
        }
        int type = mode() & StatMode.S_IFMT;
        if (type == StatMode.S_IFCHR) {
            return DeviceNumbers.openChar(rdev, this, flags);
        }
        if (type != StatMode.S_IFIFO) {
            throw Errno.ENXIO.exception();
        }
        Pipe p;
        synchronized (fs.tree) {
            if (pipe == null) {
                pipe = new Pipe();
            }
            p = pipe;
        }
        return PipeEnd.openFifo(p, this, flags);
    }

    @Override
    void unlinked() {
        fs.freeIno();
    }
}
