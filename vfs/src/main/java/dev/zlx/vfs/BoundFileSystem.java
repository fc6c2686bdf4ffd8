package dev.zlx.vfs;

/**
 * What a bind mount attaches: the file system of its source, seen from the source object
 * (a directory, or a single file) as root.
 */
public final class BoundFileSystem implements FileSystem {
    private final FileSystem base;
    private final Inode root;

    public BoundFileSystem(FileSystem base, Inode root) {
        this.base = base instanceof BoundFileSystem b ? b.base : base;
        this.root = root;
    }

    @Override
    public String type() {
        return base.type();
    }

    @Override
    public Inode root() {
        return root;
    }

    @Override
    public boolean readOnly() {
        return base.readOnly();
    }

    @Override
    public void sync() {
        base.sync();
    }

    @Override
    public dev.zlx.abi.Statfs statfs() {
        return base.statfs();
    }

    @Override
    public dev.zlx.vfs.notify.NotifySource notifySource() {
        return base.notifySource();
    }
}
