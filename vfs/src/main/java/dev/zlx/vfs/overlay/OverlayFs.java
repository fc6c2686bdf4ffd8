package dev.zlx.vfs.overlay;

import dev.zlx.abi.Statfs;
import dev.zlx.vfs.AnonymousDevices;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import java.util.List;

/**
 * Linux's overlayfs: read-only lower directories merged under an optional writable upper one.
 * What the guest changes goes to the upper layer: an object is copied up before it is written
 * or its attributes change, a removal leaves a whiteout where a lower layer still has the
 * name, and a directory made where a whiteout was is opaque. Directories that have a lower
 * part are not renamed (EXDEV, as overlayfs without redirect_dir answers; mv copies instead).
 *
 * <p>Non-directories are opened on their real layer (so a FIFO, a memory-mappable tmpfs file or
 * a host file behaves as its own file system makes it) and show that layer's st_dev and st_ino,
 * as overlayfs does for non-directories; directories have the overlay's device and the inode
 * number of their topmost lower layer, so copy-up does not change them.
 *
 * <p>Locking: one lock per mount guards names and copy-up; reads and writes of open files go to
 * the layer's file without it.
 */
public final class OverlayFs implements FileSystem {
    final Object lock = new Object();
    private final Inode upperRoot;
    private final long device = AnonymousDevices.next();
    private final OverlayNode root;

    /**
     * An overlay of the directories lowerRoots (the first is the topmost) under upperRoot, or a
     * read-only overlay when upperRoot is null.
     */
    public OverlayFs(List<Inode> lowerRoots, Inode upperRoot) {
        if (lowerRoots.isEmpty()) {
            throw new IllegalArgumentException("an overlay needs a lower layer");
        }
        this.upperRoot = upperRoot;
        this.root = OverlayNode.root(this, upperRoot, lowerRoots);
    }

    long device() {
        return device;
    }

    /** Whether inode is an object of the upper layer's file system (an O_TMPFILE file made there). */
    boolean inUpperLayer(Inode inode) {
        return upperRoot != null && inode.fileSystem() == upperRoot.fileSystem();
    }

    @Override
    public String type() {
        return "overlay";
    }

    @Override
    public Inode root() {
        return root;
    }

    @Override
    public boolean readOnly() {
        return upperRoot == null;
    }

    @Override
    public void sync() {
        if (upperRoot != null) {
            upperRoot.fileSystem().sync();
        }
    }

    /** The upper layer's figures (the top lower layer's for a read-only overlay), as ovl_statfs. */
    @Override
    public Statfs statfs() {
        Statfs real = (upperRoot != null ? upperRoot : root.topLower()).fileSystem().statfs();
        return new Statfs(Statfs.OVERLAYFS_SUPER_MAGIC, real.blockSize(), real.blocks(), real.freeBlocks(),
                real.availableBlocks(), real.files(), real.freeFiles(), real.nameMax(), real.flags());
    }
}
