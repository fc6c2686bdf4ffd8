package dev.zlx.vfs.host;

import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.notify.NotifySource;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Statfs;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * hostfs: a host directory shown to the guest. Confinement comes from the shape of the API:
 * inodes are reached only by {@link Inode#lookup} of single names, never "." or "..", and host
 * symlinks are never followed by the host (the guest's path walk reads and resolves them inside
 * the guest's tree), so no guest path can name a host file outside the directory. That a
 * directory is not swapped for a symlink between the walk and the host call (by another guest
 * process, or the host) is made sure by pinning each call ({@link HostPin}).
 */
public final class HostFileSystem implements FileSystem {
    private final Path hostRoot;
    private final boolean readOnly;
    private final HostInode root;
    private final HostGuestAttributes attributes = new HostGuestAttributes();
    /** The types path walks found, so that the next walk need not lstat each component again. */
    private final HostTypeCache types = new HostTypeCache();
    /** Whether there is anything to confine to: not where the root is the host's "/". */
    private final boolean confined;
    /**
     * The root's O_PATH descriptor, from which every host call is pinned ({@link HostPin});
     * held for the run. -1 where there is nothing to confine, or where the host has no
     * openat2(2) and hostfs checks the ancestors before each call instead (HostInode.requireInTree).
     */
    private final int rootFd;
    private final boolean rootIsDirectory;

    public HostFileSystem(Path hostRoot, boolean readOnly) {
        this.hostRoot = hostRoot.toAbsolutePath().normalize();
        this.readOnly = readOnly;
        this.confined = this.hostRoot.getParent() != null;
        this.rootFd = confined ? HostPin.openRoot(this.hostRoot) : -1;
        this.rootIsDirectory = Files.isDirectory(this.hostRoot);
        this.root = new HostInode(this, this.hostRoot);
    }

    /**
     * Whether the root is a directory (a bind mount may also be of a file). Checked once: a
     * mount keeps its directory, and if the host removes it, every lookup in it fails at its
     * own host call (ENOENT), so walks need not stat the root again at each step.
     */
    boolean rootIsDirectory() {
        return rootIsDirectory;
    }

    @Override
    public String type() {
        return "hostfs";
    }

    @Override
    public Inode root() {
        return root;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    /** syncfs(2): the host file system under this mount's root is flushed. */
    @Override
    public void sync() {
        HostSync.syncfs(hostRoot);
    }

    @Override
    public Statfs statfs() {
        try {
            FileStore store = Files.getFileStore(hostRoot);
            long block = Math.max(1, store.getBlockSize());
            long magic = switch (store.type()) {
                case "tmpfs" -> Statfs.TMPFS_MAGIC;
                case "overlay" -> Statfs.OVERLAYFS_SUPER_MAGIC;
                case "xfs" -> Statfs.XFS_SUPER_MAGIC;
                case "btrfs" -> Statfs.BTRFS_SUPER_MAGIC;
                default -> Statfs.EXT4_SUPER_MAGIC;
            };
            return new Statfs(magic, block, store.getTotalSpace() / block, store.getUnallocatedSpace() / block,
                    store.getUsableSpace() / block, 0, 0, 255, readOnly ? Statfs.ST_RDONLY : 0);
        } catch (IOException | UnsupportedOperationException e) {
            throw Errno.EIO.exception();
        }
    }

    /**
     * The host's inotify: host processes change these files too, and zlx's own changes reach
     * the host kernel as well, which reports both. Null where the host has none.
     */
    @Override
    public NotifySource notifySource() {
        return HostNotify.INSTANCE;
    }

    /** What the guest set on this mount's files that the host files cannot hold. */
    HostGuestAttributes attributes() {
        return attributes;
    }

    /**
     * The types of the paths walks found; used only where no confinement rests on it (calls
     * are pinned, or the root is the host's "/").
     */
    HostTypeCache types() {
        return types;
    }

    /** Whether host paths must be kept inside the root (it is not the host's "/"). */
    boolean confined() {
        return confined;
    }

    /** Whether host calls are pinned with openat2 (else, where confined, checked before the call). */
    boolean pinning() {
        return rootFd >= 0;
    }

    /**
     * Pins the host directory for a call on path (inside the root; only while {@link
     * #pinning}): path itself (self), else its parent with path's name in it ("." for the root).
     */
    HostPin pin(Path path, boolean self) {
        if (path.equals(hostRoot)) {
            return HostPin.inRoot(rootFd, self ? null : ".");
        }
        if (self) {
            return HostPin.open(rootFd, hostRoot.relativize(path).toString(), null);
        }
        Path parent = path.getParent();
        String name = path.getFileName().toString();
        return parent.equals(hostRoot) ? HostPin.inRoot(rootFd, name)
                : HostPin.open(rootFd, hostRoot.relativize(parent).toString(), name);
    }

    /** The host directory at the root of this file system. */
    public Path hostRoot() {
        return hostRoot;
    }

    @Override
    public String toString() {
        return "hostfs:" + hostRoot + (readOnly ? ":ro" : "");
    }
}
