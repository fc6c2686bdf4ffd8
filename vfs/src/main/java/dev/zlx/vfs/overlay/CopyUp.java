package dev.zlx.vfs.overlay;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.OverlayFormat;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Owner;
import java.nio.ByteBuffer;

/**
 * Copy-up (fs/overlayfs/copy_up.c): a lower object made again in the upper directory with its
 * data, owner, mode, extended attributes and times. Runs of zero bytes are left as holes, so
 * sparse files stay sparse.
 */
final class CopyUp {
    private static final int CHUNK = 1 << 20;

    private CopyUp() {
    }

    /**
     * Makes the lower object source again as name in the upper directory dir; with skipData a
     * regular file gets its size but no data (it is about to be truncated, O_TRUNC).
     */
    static Inode copy(Inode source, Inode dir, String name, boolean skipData) {
        FileStat st = source.stat();
        int perm = st.mode() & 07777;
        Owner owner = new Owner(st.uid(), st.gid());
        switch (st.mode() & StatMode.S_IFMT) {
            case StatMode.S_IFDIR -> dir.mkdir(name, perm, owner);
            case StatMode.S_IFREG -> {
                OpenFile out = dir.create(name, perm, Fcntl.O_WRONLY | Fcntl.O_EXCL, owner);
                try {
                    if (!skipData) {
                        copyData(source, out, st.size());
                    }
                } finally {
                    out.close();
                }
            }
            case StatMode.S_IFLNK -> dir.symlink(name, source.readlink(), owner);
            default -> dir.mknod(name, st.mode(), st.rdev(), owner);
        }
        Inode made = dir.lookup(name);
        copyAttributes(source, st, made);
        return made;
    }

    private static void copyData(Inode source, OpenFile out, long size) {
        OpenFile in = source.open(Fcntl.O_RDONLY);
        try {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            long pos = 0;
            while (pos < size) {
                buf.clear();
                int n = in.pread(buf, pos);
                if (n <= 0) {
                    break;
                }
                buf.flip();
                if (!allZero(buf)) {
                    long at = pos;
                    while (buf.hasRemaining()) {
                        at += out.pwrite(buf, at);
                    }
                }
                pos += n;
            }
            out.truncate(size);
        } finally {
            in.close();
        }
    }

    private static boolean allZero(ByteBuffer buf) {
        for (int i = buf.position(); i < buf.limit(); i++) {
            if (buf.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Owner, mode, xattrs and times, as far as the upper layer keeps them: an upper layer that
     * cannot (a host directory refusing chown, a file system without some xattr namespace)
     * leaves what it made, as overlayfs on such a layer would not mount at all.
     */
    private static void copyAttributes(Inode source, FileStat st, Inode made) {
        for (String name : source.listxattr()) {
            if (name.startsWith(OverlayFormat.PRIVATE_XATTR_PREFIX)) {
                continue;
            }
            tolerating(() -> made.setxattr(name, source.getxattr(name), 0));
        }
        FileStat now = made.stat();
        if (now.uid() != st.uid() || now.gid() != st.gid()) {
            tolerating(() -> made.chown(st.uid(), st.gid()));
        }
        boolean symlink = (st.mode() & StatMode.S_IFMT) == StatMode.S_IFLNK;
        if (!symlink && (made.stat().mode() & 07777) != (st.mode() & 07777)) {
            made.chmod(st.mode() & 07777);
        }
        tolerating(() -> made.setTimes(st.atimeSec() * 1_000_000_000L + st.atimeNsec(),
                st.mtimeSec() * 1_000_000_000L + st.mtimeNsec()));
    }

    private static void tolerating(Runnable change) {
        try {
            change.run();
        } catch (LinuxException e) {
            if (e.errno() != Errno.EPERM && e.errno() != Errno.EOPNOTSUPP) {
                throw e;
            }
        }
    }
}
