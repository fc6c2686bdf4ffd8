package dev.zlx.vfs.synthetic;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.DirEntry;
import dev.zlx.vfs.DirectoryFile;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A synthetic directory: fixed entries added at build time, plus optional dynamic entries
 * (such as one directory per process) computed at each lookup and listing.
 */
public class SyntheticDirectory extends SyntheticNode {
    private final Map<String, Inode> fixed = new LinkedHashMap<>();

    public SyntheticDirectory(SyntheticFileSystem fs, int permissions) {
        super(fs, StatMode.S_IFDIR | permissions);
    }

    /** Adds a fixed entry; returns the child for chaining. */
    public <T extends Inode> T add(String name, T child) {
        fixed.put(name, child);
        return child;
    }

    /** Dynamic entries' names, in listing order; none by default. */
    protected List<String> dynamicNames() {
        return List.of();
    }

    /** The dynamic entry called name, or null. */
    protected Inode dynamicLookup(String name) {
        return null;
    }

    @Override
    public Inode lookup(String name) {
        Inode child = fixed.get(name);
        if (child == null) {
            child = dynamicLookup(name);
        }
        if (child == null) {
            throw Errno.ENOENT.exception();
        }
        return child;
    }

    @Override
    public List<DirEntry> list() {
        List<DirEntry> entries = new ArrayList<>();
        for (Map.Entry<String, Inode> e : fixed.entrySet()) {
            entries.add(entry(e.getKey(), e.getValue()));
        }
        for (String name : dynamicNames()) {
            Inode child = dynamicLookup(name);
            if (child != null) {
                entries.add(entry(name, child));
            }
        }
        return entries;
    }

    private static DirEntry entry(String name, Inode child) {
        var st = child.stat();
        return new DirEntry(name, st.ino(), StatMode.toDirentType(st.mode()));
    }

    private SyntheticFileSystem.Refusals refusals() {
        return ((SyntheticFileSystem) fileSystem()).refusals();
    }

    @Override
    public OpenFile create(String name, int mode, int flags) {
        throw refusals().file().exception();
    }

    @Override
    public void mkdir(String name, int mode) {
        throw refusals().directory().exception();
    }

    @Override
    public void symlink(String name, String target) {
        throw refusals().other().exception();
    }

    @Override
    public void mknod(String name, int mode, long rdev, dev.zlx.vfs.Owner owner) {
        throw refusals().other().exception();
    }

    @Override
    public void link(String name, Inode existing) {
        throw refusals().other().exception();
    }

    @Override
    public OpenFile open(int flags) {
        if ((flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY) {
            throw Errno.EISDIR.exception();
        }
        return new DirectoryFile(this, flags);
    }
}
