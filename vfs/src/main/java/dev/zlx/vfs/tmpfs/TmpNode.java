package dev.zlx.vfs.tmpfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.StatMode;
import dev.zlx.abi.Xattr;
import dev.zlx.vfs.XattrNames;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.Owner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every tmpfs inode keeps: number, type and mode, owner, link count, the three times in
 * nanoseconds and the extended attributes. Guarded by the mount's tree lock.
 */
abstract class TmpNode implements Inode {
    /** relatime: an access time older than this is refreshed even when newer than mtime/ctime. */
    private static final long RELATIME_NANOS = 24L * 3600 * 1_000_000_000L;

    final TmpFs fs;
    final long ino;
    private int mode;
    private int uid;
    private int gid;
    /** Names that link to this inode (for a directory: 2 + its subdirectories while it exists). */
    long nlink;
    private long atime;
    private long mtime;
    private long ctime;
    private Map<String, byte[]> xattrs;

    TmpNode(TmpFs fs, int mode, Owner owner, long nlink) {
        this.fs = fs;
        this.ino = fs.allocateIno();
        this.mode = mode;
        this.uid = owner.uid();
        this.gid = owner.gid();
        this.nlink = nlink;
        long now = fs.now();
        atime = now;
        mtime = now;
        ctime = now;
    }

    @Override
    public FileSystem fileSystem() {
        return fs;
    }

    /** The size stat shows. */
    abstract long size();

    /** The 512-byte blocks stat shows. */
    long blocks() {
        return 0;
    }

    /** st_rdev. */
    long rdev() {
        return 0;
    }

    @Override
    public FileStat stat() {
        synchronized (fs.tree) {
            return new FileStat(fs.device(), ino, mode, nlink, uid, gid, rdev(), size(), TmpFs.PAGE_SIZE, blocks(),
                    atime / 1_000_000_000L, atime % 1_000_000_000L, mtime / 1_000_000_000L, mtime % 1_000_000_000L,
                    ctime / 1_000_000_000L, ctime % 1_000_000_000L);
        }
    }

    int mode() {
        return mode;
    }

    int gid() {
        return gid;
    }

    @Override
    public boolean isDirectory() {
        return (mode & StatMode.S_IFMT) == StatMode.S_IFDIR;
    }

    @Override
    public boolean isSymlink() {
        return (mode & StatMode.S_IFMT) == StatMode.S_IFLNK;
    }

    /** An attribute changed: ctime is now (caller holds the tree lock). */
    void changed() {
        ctime = fs.now();
    }

    /** The contents changed: mtime and ctime are now (caller holds the tree lock). */
    void modified() {
        long now = fs.now();
        mtime = now;
        ctime = now;
    }

    /** The contents were read: atime is now under relatime's rules (touch_atime). */
    void accessed() {
        synchronized (fs.tree) {
            long now = fs.now();
            if (atime <= mtime || atime <= ctime || now - atime >= RELATIME_NANOS) {
                atime = now;
            }
        }
    }

    @Override
    public void setTimes(Long atimeNanos, Long mtimeNanos) {
        synchronized (fs.tree) {
            if (atimeNanos != null) {
                atime = atimeNanos;
            }
            if (mtimeNanos != null) {
                mtime = mtimeNanos;
            }
            changed();
        }
    }

    @Override
    public void chmod(int newMode) {
        synchronized (fs.tree) {
            mode = (mode & StatMode.S_IFMT) | (newMode & 07777);
            changed();
        }
    }

    @Override
    public void chown(int newUid, int newGid) {
        synchronized (fs.tree) {
            if (newUid != -1) {
                uid = newUid;
            }
            if (newGid != -1) {
                gid = newGid;
            }
            changed();
        }
    }

    /** shmem_xattr_handlers: security.*, trusted.* and user.* are kept. */
    private void checkNamespace(String name, boolean write) {
        XattrNames.check(name, mode & StatMode.S_IFMT, write);
    }

    @Override
    public byte[] getxattr(String name) {
        checkNamespace(name, false);
        synchronized (fs.tree) {
            byte[] v = xattrs == null ? null : xattrs.get(name);
            if (v == null) {
                throw Errno.ENODATA.exception();
            }
            return v.clone();
        }
    }

    @Override
    public List<String> listxattr() {
        synchronized (fs.tree) {
            return xattrs == null ? List.of() : new ArrayList<>(xattrs.keySet());
        }
    }

    @Override
    public void setxattr(String name, byte[] value, int flags) {
        checkNamespace(name, true);
        synchronized (fs.tree) {
            boolean exists = xattrs != null && xattrs.containsKey(name);
            if ((flags & Xattr.XATTR_CREATE) != 0 && exists) {
                throw Errno.EEXIST.exception();
            }
            if ((flags & Xattr.XATTR_REPLACE) != 0 && !exists) {
                throw Errno.ENODATA.exception();
            }
            if (xattrs == null) {
                xattrs = new LinkedHashMap<>();
            }
            xattrs.put(name, value.clone());
            changed();
        }
    }

    @Override
    public void removexattr(String name) {
        checkNamespace(name, true);
        synchronized (fs.tree) {
            if (xattrs == null || xattrs.remove(name) == null) {
                throw Errno.ENODATA.exception();
            }
            changed();
        }
    }

    /** The last link went (caller holds the tree lock): subclasses free what they hold. */
    void unlinked() {
    }
}
