package dev.zlx.vfs.host;

import dev.zlx.vfs.DirEntry;
import dev.zlx.vfs.DirectoryFile;
import java.util.List;

/**
 * An open host directory: a host descriptor on it is opened with the guest's open and closed
 * with its last close, and getdents reads through it, so the host's inotify reports the open,
 * the reads and the close the guest made (IN_OPEN, IN_ACCESS, IN_CLOSE_NOWRITE), as Linux does,
 * and nothing else.
 */
final class HostDirectory extends DirectoryFile {
    private final HostInode dir;
    private final HostStat.Handle handle;

    private HostDirectory(HostInode dir, int flags, HostStat.Handle handle) {
        super(dir, flags);
        this.dir = dir;
        this.handle = handle;
    }

    /** The directory dir opened with flags: through a host descriptor where one can be had. */
    static DirectoryFile open(HostInode dir, int flags) {
        HostStat.Handle handle = null;
        if (dir.unnamed() == null) {
            try (HostPin path = dir.pin(false)) {
                handle = HostDirents.open(path.path());
            }
        }
        return handle == null ? new DirectoryFile(dir, flags) : new HostDirectory(dir, flags, handle);
    }

    @Override
    protected List<DirEntry> listing() {
        return dir.list(handle);
    }

    @Override
    protected void release() {
        handle.close();
    }
}
