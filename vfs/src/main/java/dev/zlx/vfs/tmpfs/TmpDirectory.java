package dev.zlx.vfs.tmpfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.DirEntry;
import dev.zlx.vfs.DirectoryFile;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Owner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * A tmpfs directory: names listed newest first (as Linux lists a tmpfs directory's dentries,
 * a renamed or linked entry counting as new), a link count of 2 + subdirectories, and the size
 * shmem shows (20 bytes per entry, "." and ".." included). Every change holds the mount's tree lock.
 */
final class TmpDirectory extends TmpNode {
    /** shmem's BOGO_DIRENT_SIZE. */
    private static final int BOGO_DIRENT_SIZE = 20;

    private final SequencedMap<String, TmpNode> entries = new LinkedHashMap<>();
    /** The directory that holds this one (itself for the root). */
    private TmpDirectory parent;

    TmpDirectory(TmpFs fs, TmpDirectory parent, int mode, Owner owner) {
        super(fs, mode, owner, 2);
        this.parent = parent == null ? this : parent;
    }

    @Override
    long size() {
        return (long) (entries.size() + 2) * BOGO_DIRENT_SIZE;
    }

    @Override
    public Inode lookup(String name) {
        synchronized (fs.tree) {
            if (name.equals(".")) {
                return this;
            }
            if (name.equals("..")) {
                return parent;
            }
            return existing(name);
        }
    }

    @Override
    public OpenFile open(int flags) {
        if ((flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY || (flags & Fcntl.O_TRUNC) != 0) {
            throw Errno.EISDIR.exception();
        }
        return new DirectoryFile(this, flags) {
            @Override
            public int readDirectory(dev.zlx.vfs.DirentSink sink) {
                int n = super.readDirectory(sink);
                accessed();
                return n;
            }
        };
    }

    @Override
    public List<DirEntry> list() {
        synchronized (fs.tree) {
            List<DirEntry> out = new ArrayList<>(entries.size());
            for (Map.Entry<String, TmpNode> e : entries.sequencedEntrySet().reversed()) {
                out.add(new DirEntry(e.getKey(), e.getValue().ino, StatMode.toDirentType(e.getValue().mode())));
            }
            return out;
        }
    }

    @Override
    void unlinked() {
        fs.freeIno();
    }

    /** The owner of a new entry: its group is this directory's when this one is set-group-ID. */
    private Owner ownerOf(Owner creator) {
        return (mode() & StatMode.S_ISGID) != 0 ? new Owner(creator.uid(), gid()) : creator;
    }

    /** EEXIST for a taken name; ENOENT when this directory was removed (a new entry cannot go in it). */
    private void checkNew(String name) {
        if (nlink == 0) {
            throw Errno.ENOENT.exception();
        }
        if (name.equals(".") || name.equals("..") || entries.containsKey(name)) {
            throw Errno.EEXIST.exception();
        }
    }

    private void add(String name, TmpNode node) {
        entries.put(name, node);
        modified();
    }

    @Override
    public OpenFile create(String name, int mode, int flags) {
        return create(name, mode, flags, Owner.ROOT);
    }

    @Override
    public OpenFile create(String name, int mode, int flags, Owner owner) {
        TmpFile file;
        synchronized (fs.tree) {
            checkNew(name);
            file = new TmpFile(fs, StatMode.S_IFREG | (mode & 07777), ownerOf(owner), 1);
            add(name, file);
        }
        return file.open(flags & ~Fcntl.O_TRUNC);
    }

    @Override
    public OpenFile createTmpfile(int mode, int flags, Owner owner, boolean linkable) {
        TmpFile file;
        synchronized (fs.tree) {
            file = new TmpFile(fs, StatMode.S_IFREG | (mode & 07777), ownerOf(owner), 0);
            file.linkable = linkable;
        }
        return file.open(flags & ~Fcntl.O_TRUNC);
    }

    @Override
    public void mkdir(String name, int mode) {
        mkdir(name, mode, Owner.ROOT);
    }

    @Override
    public void mkdir(String name, int mode, Owner owner) {
        synchronized (fs.tree) {
            checkNew(name);
            // A subdirectory of a set-group-ID directory is set-group-ID too.
            int bits = (mode & 07777) | (mode() & StatMode.S_ISGID);
            add(name, new TmpDirectory(fs, this, StatMode.S_IFDIR | bits, ownerOf(owner)));
            nlink++;
        }
    }

    @Override
    public void symlink(String name, String target) {
        symlink(name, target, Owner.ROOT);
    }

    @Override
    public void symlink(String name, String target, Owner owner) {
        synchronized (fs.tree) {
            checkNew(name);
            add(name, new TmpSymlink(fs, target, ownerOf(owner)));
        }
    }

    @Override
    public void mknod(String name, int mode, long rdev, Owner owner) {
        int type = mode & StatMode.S_IFMT;
        if (type == StatMode.S_IFREG || type == 0) {
            synchronized (fs.tree) {
                checkNew(name);
                add(name, new TmpFile(fs, StatMode.S_IFREG | (mode & 07777), ownerOf(owner), 1));
            }
            return;
        }
        if (type != StatMode.S_IFIFO && type != StatMode.S_IFCHR && type != StatMode.S_IFBLK
                && type != StatMode.S_IFSOCK) {
            throw Errno.EINVAL.exception();
        }
        synchronized (fs.tree) {
            checkNew(name);
            add(name, new TmpSpecial(fs, mode, rdev, ownerOf(owner)));
        }
    }

    @Override
    public void link(String name, Inode existing) {
        if (!(existing instanceof TmpNode node) || node.fs != fs) {
            throw Errno.EXDEV.exception();
        }
        if (node.isDirectory()) {
            throw Errno.EPERM.exception();
        }
        synchronized (fs.tree) {
            checkNew(name);
            if (node.nlink == 0 && !(node instanceof TmpFile f && f.linkable)) {
                // An unlinked file cannot get a name back (vfs_link's ENOENT), except an
                // O_TMPFILE file opened without O_EXCL (I_LINKABLE), once.
                throw Errno.ENOENT.exception();
            }
            if (node instanceof TmpFile f) {
                f.linkable = false;
            }
            node.nlink++;
            node.changed();
            add(name, node);
        }
    }

    private TmpNode existing(String name) {
        TmpNode n = entries.get(name);
        if (n == null) {
            throw Errno.ENOENT.exception();
        }
        return n;
    }

    @Override
    public void unlink(String name) {
        synchronized (fs.tree) {
            TmpNode n = existing(name);
            if (n.isDirectory()) {
                throw Errno.EISDIR.exception();
            }
            entries.remove(name);
            modified();
            dropLink(n);
        }
    }

    private static void dropLink(TmpNode n) {
        n.nlink--;
        n.changed();
        if (n.nlink == 0) {
            n.unlinked();
        }
    }

    @Override
    public void rmdir(String name) {
        synchronized (fs.tree) {
            TmpNode n = existing(name);
            if (!(n instanceof TmpDirectory dir)) {
                throw Errno.ENOTDIR.exception();
            }
            if (!dir.entries.isEmpty()) {
                throw Errno.ENOTEMPTY.exception();
            }
            entries.remove(name);
            removeDirectory(dir);
        }
    }

    /** An empty subdirectory loses its name: it and this directory lose a link each. */
    private void removeDirectory(TmpDirectory dir) {
        dir.nlink = 0;
        dir.changed();
        dir.unlinked();
        nlink--;
        modified();
    }

    /** Whether this directory is dir or lies under it. */
    private boolean isWithin(TmpDirectory dir) {
        for (TmpDirectory d = this; ; d = d.parent) {
            if (d == dir) {
                return true;
            }
            if (d.parent == d) {
                return false;
            }
        }
    }

    @Override
    public void rename(String name, Inode newDir, String newName) {
        if (!(newDir instanceof TmpDirectory target) || target.fs != fs) {
            throw Errno.EXDEV.exception();
        }
        synchronized (fs.tree) {
            TmpNode moving = existing(name);
            if (target.nlink == 0) {
                throw Errno.ENOENT.exception();
            }
            if (moving instanceof TmpDirectory dir && target.isWithin(dir)) {
                throw Errno.EINVAL.exception();
            }
            TmpNode replaced = target.entries.get(newName);
            if (replaced == moving) {
                // Two names of one file: rename does nothing (POSIX).
                return;
            }
            if (replaced != null) {
                if (moving.isDirectory() && !replaced.isDirectory()) {
                    throw Errno.ENOTDIR.exception();
                }
                if (!moving.isDirectory() && replaced.isDirectory()) {
                    throw Errno.EISDIR.exception();
                }
                if (replaced instanceof TmpDirectory victim && !victim.entries.isEmpty()) {
                    throw Errno.ENOTEMPTY.exception();
                }
            }
            entries.remove(name);
            modified();
            if (replaced instanceof TmpDirectory victim) {
                target.entries.remove(newName);
                target.removeDirectory(victim);
            } else if (replaced != null) {
                target.entries.remove(newName);
                dropLink(replaced);
            }
            target.add(newName, moving);
            moving.changed();
            if (moving instanceof TmpDirectory dir) {
                dir.parent = target;
                nlink--;
                target.nlink++;
            }
        }
    }

    @Override
    public void exchange(String name, Inode newDir, String newName) {
        if (!(newDir instanceof TmpDirectory target) || target.fs != fs) {
            throw Errno.EXDEV.exception();
        }
        synchronized (fs.tree) {
            TmpNode a = existing(name);
            TmpNode b = target.existing(newName);
            if (a == b) {
                return;
            }
            // Neither may end up inside itself: a directory swapped into its own subtree.
            if ((a instanceof TmpDirectory da && target.isWithin(da)) || (b instanceof TmpDirectory db && isWithin(db))) {
                throw Errno.EINVAL.exception();
            }
            entries.put(name, b);
            target.entries.put(newName, a);
            modified();
            target.modified();
            a.changed();
            b.changed();
            if (this != target) {
                if (a instanceof TmpDirectory da) {
                    da.parent = target;
                    nlink--;
                    target.nlink++;
                }
                if (b instanceof TmpDirectory db) {
                    db.parent = this;
                    target.nlink--;
                    nlink++;
                }
            }
        }
    }
}
