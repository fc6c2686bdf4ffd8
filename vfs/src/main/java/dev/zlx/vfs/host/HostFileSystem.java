package dev.zlx.vfs.host;

import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import java.nio.file.Path;

/**
 * hostfs: a host directory shown to the guest. Confinement comes from the shape of the API:
 * inodes are reached only by {@link Inode#lookup} of single names, never "." or "..", and host
 * symlinks are never followed by the host (the guest's path walk reads and resolves them inside
 * the guest's tree), so no guest path can name a host file outside the directory.
 */
public final class HostFileSystem implements FileSystem {
    private final Path hostRoot;
    private final boolean readOnly;
    private final HostInode root;

    public HostFileSystem(Path hostRoot, boolean readOnly) {
        this.hostRoot = hostRoot.toAbsolutePath().normalize();
        this.readOnly = readOnly;
        this.root = new HostInode(this, this.hostRoot);
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

    /** The host directory at the root of this file system. */
    public Path hostRoot() {
        return hostRoot;
    }

    @Override
    public String toString() {
        return "hostfs:" + hostRoot + (readOnly ? ":ro" : "");
    }
}
