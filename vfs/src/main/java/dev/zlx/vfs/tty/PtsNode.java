package dev.zlx.vfs.tty;

import dev.zlx.abi.FileStat;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticNode;

/**
 * /dev/pts/N: the slave's device node (major 136 + N / 256, minor N % 256), owned by whoever
 * opened the master, inode number N + 3 as devpts numbers them. Opening it opens the slave.
 */
final class PtsNode extends SyntheticNode {
    /** UNIX98_PTY_SLAVE_MAJOR. */
    private static final int SLAVE_MAJOR = 136;

    private final Tty tty;
    private final DevPts devpts;
    private volatile int permissions;
    private volatile int uid;
    private volatile int gid;

    PtsNode(SyntheticFileSystem fs, DevPts devpts, Tty tty, int permissions, int uid, int gid) {
        super(fs, StatMode.S_IFCHR | permissions);
        this.devpts = devpts;
        this.tty = tty;
        this.permissions = permissions;
        this.uid = uid;
        this.gid = gid;
    }

    @Override
    protected long rdev() {
        return FileStat.makedev(SLAVE_MAJOR + tty.index() / 256, tty.index() % 256);
    }

    @Override
    public FileStat stat() {
        FileStat s = super.stat();
        return new FileStat(s.dev(), tty.index() + 3, StatMode.S_IFCHR | permissions, 1, uid, gid, s.rdev(), 0,
                s.blksize(), 0, s.atimeSec(), 0, s.mtimeSec(), 0, s.ctimeSec(), 0);
    }

    @Override
    public OpenFile open(int flags) {
        return devpts.openSlave(tty, this, flags);
    }

    /** mesg(1) and grantpt's chmod: devpts keeps the mode the owner sets. */
    @Override
    public void chmod(int mode) {
        permissions = mode & 07777;
    }

    @Override
    public void chown(int newUid, int newGid) {
        if (newUid != -1) {
            uid = newUid;
        }
        if (newGid != -1) {
            gid = newGid;
        }
    }
}
