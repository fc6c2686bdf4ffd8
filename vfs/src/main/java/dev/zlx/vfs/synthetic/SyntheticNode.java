package dev.zlx.vfs.synthetic;

import dev.zlx.abi.FileStat;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;

/**
 * The common part of every synthetic object: identity, type and permission bits, and owner
 * (root unless given one that may change, as /proc/PID's files follow their process's euid).
 */
public abstract class SyntheticNode implements Inode {
    private final SyntheticFileSystem fs;
    private final long ino;
    private final int mode;
    private volatile java.util.function.Supplier<dev.zlx.vfs.Owner> owner = () -> dev.zlx.vfs.Owner.ROOT;

    protected SyntheticNode(SyntheticFileSystem fs, int mode) {
        this.fs = fs;
        this.ino = fs.allocateIno();
        this.mode = mode;
    }

    @Override
    public FileSystem fileSystem() {
        return fs;
    }

    protected SyntheticFileSystem syntheticFs() {
        return fs;
    }

    /** The type comes from the mode, without building a stat. */
    @Override
    public boolean isDirectory() {
        return (mode & StatMode.S_IFMT) == StatMode.S_IFDIR;
    }

    @Override
    public boolean isSymlink() {
        return (mode & StatMode.S_IFMT) == StatMode.S_IFLNK;
    }

    /** Makes the node owned by whoever owner names at each stat; returns this for chaining. */
    public SyntheticNode ownedBy(java.util.function.Supplier<dev.zlx.vfs.Owner> owner) {
        this.owner = owner;
        return this;
    }

    /** The size stat reports (0 for generated files, as in procfs). */
    protected long size() {
        return 0;
    }

    /** The device number stat reports in st_rdev (device nodes only). */
    protected long rdev() {
        return 0;
    }

    @Override
    public FileStat stat() {
        long t = fs.createdSeconds();
        dev.zlx.vfs.Owner o = owner.get();
        return new FileStat(fs.device(), ino, mode, isDirectory() ? 2 : 1, o.uid(), o.gid(), rdev(), size(),
                1024, 0, t, 0, t, 0, t, 0);
    }
}
