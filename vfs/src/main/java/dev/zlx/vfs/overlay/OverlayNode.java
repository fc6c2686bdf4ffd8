package dev.zlx.vfs.overlay;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.OverlayFormat;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.DirEntry;
import dev.zlx.vfs.DirectoryFile;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Owner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One object of an overlay: its upper part (once it exists there) and the lower parts it shows
 * through — the one lower object of a non-directory, or every lower directory merged into a
 * directory, topmost first, down to the first opaque one. Nodes are kept per name, so one
 * object is one node for as long as its name lives (locks, inotify and the working directory
 * rely on that).
 */
final class OverlayNode implements Inode {
    /** A lower object and the number of its layer (1 = the topmost lower; 0 is the upper). */
    private record Part(Inode inode, int layer) {
    }

    /** Bits of st_ino left to the layer's own numbers; the layer number goes above (as xino). */
    private static final int LAYER_SHIFT = 48;

    private final OverlayFs fs;
    private final boolean directory;
    private final List<Part> lowers;
    /** Guarded by fs.lock: where the node is (null parent for the root). */
    private OverlayNode parent;
    private String name;
    /** The upper object, once copied up or made there; written under fs.lock. */
    private volatile Inode upper;
    /** The children looked up so far; guarded by fs.lock. */
    private final Map<String, OverlayNode> children = new HashMap<>();
    /** A directory's st_ino, from its topmost lower part (so copy-up keeps it); 0 until asked. */
    private long directoryIno;

    private OverlayNode(OverlayFs fs, OverlayNode parent, String name, Inode upper, List<Part> lowers,
            boolean directory) {
        this.fs = fs;
        this.parent = parent;
        this.name = name;
        this.upper = upper;
        this.lowers = lowers;
        this.directory = directory;
    }

    static OverlayNode root(OverlayFs fs, Inode upper, List<Inode> lowerRoots) {
        List<Part> chain = new ArrayList<>();
        if (upper == null || !Layers.opaque(upper)) {
            for (int i = 0; i < lowerRoots.size(); i++) {
                chain.add(new Part(lowerRoots.get(i), i + 1));
                if (Layers.opaque(lowerRoots.get(i))) {
                    break;
                }
            }
        }
        return new OverlayNode(fs, null, "", upper, chain, true);
    }

    /** The object the node shows: its upper part if any, else its topmost lower one. */
    private Inode real() {
        Inode u = upper;
        return u != null ? u : lowers.get(0).inode();
    }

    /** The topmost lower object (the root's, for a read-only overlay's statfs). */
    Inode topLower() {
        return lowers.get(0).inode();
    }

    @Override
    public FileSystem fileSystem() {
        return fs;
    }

    @Override
    public boolean isDirectory() {
        return directory;
    }

    @Override
    public boolean isSymlink() {
        return !directory && real().isSymlink();
    }

    /**
     * A non-directory's attributes are its real object's. A directory has the overlay's device,
     * a stable inode number, and one link when it merges layers (ovl_getattr: counting
     * subdirectories across layers is not worth it, and find accepts 1).
     */
    @Override
    public FileStat stat() {
        FileStat s = real().stat();
        if (!directory) {
            return s;
        }
        int parts = lowers.size() + (upper != null ? 1 : 0);
        long nlink = parts > 1 ? 1 : s.nlink();
        return new FileStat(fs.device(), directoryIno(), s.mode(), nlink, s.uid(), s.gid(), s.rdev(), s.size(),
                s.blksize(), s.blocks(), s.atimeSec(), s.atimeNsec(), s.mtimeSec(), s.mtimeNsec(), s.ctimeSec(),
                s.ctimeNsec());
    }

    private long directoryIno() {
        synchronized (fs.lock) {
            if (directoryIno == 0) {
                directoryIno = lowers.isEmpty() ? upper.stat().ino()
                        : lowers.get(0).inode().stat().ino() | (long) lowers.get(0).layer() << LAYER_SHIFT;
            }
            return directoryIno;
        }
    }

    @Override
    public String readlink() {
        if (directory) {
            throw Errno.EINVAL.exception();
        }
        return real().readlink();
    }

    // ---- names ----

    @Override
    public Inode lookup(String childName) {
        if (childName.equals(".")) {
            return this;
        }
        if (childName.equals("..")) {
            synchronized (fs.lock) {
                return parent == null ? this : parent;
            }
        }
        requireDirectory();
        OverlayNode child = child(childName);
        if (child == null) {
            throw Errno.ENOENT.exception();
        }
        return child;
    }

    private void requireDirectory() {
        if (!directory) {
            throw Errno.ENOTDIR.exception();
        }
    }

    /** The child called childName, or null when no layer shows one. */
    private OverlayNode child(String childName) {
        if (Layers.isBookkeeping(childName)) {
            return null;
        }
        synchronized (fs.lock) {
            OverlayNode known = children.get(childName);
            if (known == null) {
                known = find(childName);
                if (known != null) {
                    children.put(childName, known);
                }
            }
            return known;
        }
    }

    /** Looks childName up layer by layer (ovl_lookup): the upper first, then the lowers in order. */
    private OverlayNode find(String childName) {
        Inode up = null;
        Inode u = upper;
        if (u != null) {
            Inode e = Layers.entry(u, childName);
            if (e != null && Layers.isWhiteout(e)
                    || e == null && Layers.entry(u, OverlayFormat.OCI_WHITEOUT_PREFIX + childName) != null) {
                return null;
            }
            if (e != null && !e.isDirectory()) {
                return new OverlayNode(fs, this, childName, e, List.of(), false);
            }
            up = e;
        }
        List<Part> merged = new ArrayList<>();
        if (up == null || !Layers.opaque(up)) {
            for (Part p : lowers) {
                Inode e = Layers.entry(p.inode(), childName);
                if (e == null) {
                    if (Layers.entry(p.inode(), OverlayFormat.OCI_WHITEOUT_PREFIX + childName) != null) {
                        break;
                    }
                    continue;
                }
                if (Layers.isWhiteout(e)) {
                    break;
                }
                if (!e.isDirectory()) {
                    // A non-directory shows only when nothing above it has the name.
                    if (up == null && merged.isEmpty()) {
                        return new OverlayNode(fs, this, childName, null, List.of(new Part(e, p.layer())), false);
                    }
                    break;
                }
                merged.add(new Part(e, p.layer()));
                if (Layers.opaque(e)) {
                    break;
                }
            }
        }
        if (up == null && merged.isEmpty()) {
            return null;
        }
        return new OverlayNode(fs, this, childName, up, List.copyOf(merged), true);
    }

    /**
     * Whether a lower layer still has childName under this directory (so that removing or
     * moving the upper entry must leave a whiteout, and a directory made there must be opaque).
     */
    private boolean lowerHolds(String childName) {
        for (Part p : lowers) {
            Inode e = Layers.entry(p.inode(), childName);
            if (e == null) {
                if (Layers.entry(p.inode(), OverlayFormat.OCI_WHITEOUT_PREFIX + childName) != null) {
                    return false;
                }
                continue;
            }
            return !Layers.isWhiteout(e);
        }
        return false;
    }

    /**
     * The merged listing (ovl_dir_read_merged): each name from the topmost layer that has it,
     * less what a higher layer whites out; directories with the inode number stat gives them.
     */
    @Override
    public List<DirEntry> list() {
        requireDirectory();
        synchronized (fs.lock) {
            Map<String, DirEntry> out = new LinkedHashMap<>();
            Set<String> removed = new HashSet<>();
            List<Inode> layers = new ArrayList<>();
            if (upper != null) {
                layers.add(upper);
            }
            for (Part p : lowers) {
                layers.add(p.inode());
            }
            for (Inode layer : layers) {
                Set<String> removedHere = new HashSet<>();
                for (DirEntry e : layer.list()) {
                    String n = e.name();
                    if (Layers.isBookkeeping(n)) {
                        if (!n.equals(OverlayFormat.OCI_OPAQUE_MARKER)) {
                            removedHere.add(n.substring(OverlayFormat.OCI_WHITEOUT_PREFIX.length()));
                        }
                    } else if (!out.containsKey(n) && !removed.contains(n)) {
                        if (e.type() == StatMode.DT_CHR && Layers.isWhiteout(layer.lookup(n))) {
                            removedHere.add(n);
                        } else {
                            out.put(n, e);
                        }
                    }
                }
                removed.addAll(removedHere);
            }
            List<DirEntry> listing = new ArrayList<>(out.size());
            for (DirEntry e : out.values()) {
                if (e.type() == StatMode.DT_DIR) {
                    OverlayNode d = child(e.name());
                    listing.add(d == null ? e : new DirEntry(e.name(), d.stat().ino(), e.type()));
                } else {
                    listing.add(e);
                }
            }
            return listing;
        }
    }

    // ---- copy-up ----

    /**
     * Makes sure the object exists in the upper layer, with its parents (ovl_copy_up); with
     * skipData a regular file is made empty of data. EROFS on an overlay without an upper layer.
     */
    private Inode copyUp(boolean skipData) {
        Inode u = upper;
        if (u != null) {
            return u;
        }
        synchronized (fs.lock) {
            if (upper != null) {
                return upper;
            }
            if (fs.readOnly()) {
                throw Errno.EROFS.exception();
            }
            Inode dir = parent.copyUp(false);
            upper = CopyUp.copy(lowers.get(0).inode(), dir, name, skipData);
            return upper;
        }
    }

    // ---- opening ----

    /**
     * A directory opens as the merged listing; anything else opens on its real object, after a
     * copy-up when a regular file is opened for writing or truncation (ovl_open_need_copy_up).
     */
    @Override
    public OpenFile open(int flags) {
        boolean writing = (flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY || (flags & Fcntl.O_TRUNC) != 0;
        if (directory) {
            if (writing) {
                throw Errno.EISDIR.exception();
            }
            return new DirectoryFile(this, flags);
        }
        if (writing && (real().stat().mode() & StatMode.S_IFMT) == StatMode.S_IFREG) {
            return copyUp((flags & Fcntl.O_TRUNC) != 0).open(flags);
        }
        return real().open(flags);
    }

    // ---- making entries ----

    /** The upper directory to make childName in, once it is free there; EEXIST if it shows. */
    private Inode placeFor(String childName) {
        requireDirectory();
        if (Layers.isBookkeeping(childName)) {
            // Such a name would read as a whiteout of the OCI format this overlay also reads.
            throw Errno.EINVAL.exception();
        }
        if (child(childName) != null) {
            throw Errno.EEXIST.exception();
        }
        Inode dir = copyUp(false);
        Layers.clearWhiteout(dir, childName);
        children.remove(childName);
        return dir;
    }

    @Override
    public OpenFile create(String childName, int mode, int flags) {
        return create(childName, mode, flags, Owner.ROOT);
    }

    @Override
    public OpenFile create(String childName, int mode, int flags, Owner owner) {
        synchronized (fs.lock) {
            return placeFor(childName).create(childName, mode, flags, owner);
        }
    }

    @Override
    public void mkdir(String childName, int mode) {
        mkdir(childName, mode, Owner.ROOT);
    }

    /** A directory made where a lower layer still has the name is opaque (ovl_create_over_whiteout). */
    @Override
    public void mkdir(String childName, int mode, Owner owner) {
        synchronized (fs.lock) {
            Inode dir = placeFor(childName);
            dir.mkdir(childName, mode, owner);
            if (lowerHolds(childName)) {
                Layers.writeOpaque(dir.lookup(childName));
            }
        }
    }

    @Override
    public void symlink(String childName, String target) {
        symlink(childName, target, Owner.ROOT);
    }

    @Override
    public void symlink(String childName, String target, Owner owner) {
        synchronized (fs.lock) {
            placeFor(childName).symlink(childName, target, owner);
        }
    }

    @Override
    public void mknod(String childName, int mode, long rdev, Owner owner) {
        synchronized (fs.lock) {
            placeFor(childName).mknod(childName, mode, rdev, owner);
        }
    }

    /** open(O_TMPFILE) in this directory: the upper layer's own unnamed file (ovl_tmpfile). */
    @Override
    public OpenFile createTmpfile(int mode, int flags, Owner owner, boolean linkable) {
        requireDirectory();
        synchronized (fs.lock) {
            return copyUp(false).createTmpfile(mode, flags, owner, linkable);
        }
    }

    /**
     * link(2) of an overlay object (copied up first), or of an unnamed O_TMPFILE file of the
     * upper layer (linkat through its descriptor); anything else is EXDEV.
     */
    @Override
    public void link(String childName, Inode existing) {
        synchronized (fs.lock) {
            Inode target;
            if (existing instanceof OverlayNode source && source.fs == fs) {
                if (source.directory) {
                    throw Errno.EPERM.exception();
                }
                target = source.copyUp(false);
            } else if (fs.inUpperLayer(existing)) {
                target = existing;
            } else {
                throw Errno.EXDEV.exception();
            }
            placeFor(childName).link(childName, target);
        }
    }

    // ---- removing entries ----

    @Override
    public void unlink(String childName) {
        synchronized (fs.lock) {
            OverlayNode child = (OverlayNode) lookup(childName);
            if (child.directory) {
                throw Errno.EISDIR.exception();
            }
            remove(child, childName);
        }
    }

    @Override
    public void rmdir(String childName) {
        synchronized (fs.lock) {
            OverlayNode child = (OverlayNode) lookup(childName);
            if (!child.directory) {
                throw Errno.ENOTDIR.exception();
            }
            if (!child.list().isEmpty()) {
                throw Errno.ENOTEMPTY.exception();
            }
            remove(child, childName);
        }
    }

    /** Removes the upper entry, then leaves a whiteout where a lower layer has the name. */
    private void remove(OverlayNode child, String childName) {
        Inode dir = copyUp(false);
        boolean hide = lowerHolds(childName);
        if (child.upper != null) {
            if (child.directory) {
                child.clearBookkeeping();
                dir.rmdir(childName);
            } else {
                dir.unlink(childName);
            }
        }
        if (hide) {
            Layers.writeWhiteout(dir, childName);
        }
        children.remove(childName);
    }

    /** Removes the whiteouts and OCI markers an empty-looking upper directory still holds. */
    private void clearBookkeeping() {
        Inode u = upper;
        for (DirEntry e : u.list()) {
            if (Layers.isBookkeeping(e.name()) || e.type() == StatMode.DT_CHR && Layers.isWhiteout(u.lookup(e.name()))) {
                u.unlink(e.name());
            }
        }
    }

    // ---- renaming ----

    /**
     * rename(2) inside the overlay: the source is copied up and moved in the upper layer, a
     * whiteout stays where a lower layer has the old name, and a directory moved over a name a
     * lower layer has is opaque. A directory with a lower part is EXDEV (no redirect_dir).
     */
    @Override
    public void rename(String childName, Inode newDir, String newName) {
        OverlayNode to = sameOverlay(newDir);
        synchronized (fs.lock) {
            OverlayNode source = (OverlayNode) lookup(childName);
            OverlayNode replaced = to.child(newName);
            if (replaced == source) {
                return;
            }
            requireMovable(source);
            if (replaced != null) {
                if (source.directory && !replaced.directory) {
                    throw Errno.ENOTDIR.exception();
                }
                if (!source.directory && replaced.directory) {
                    throw Errno.EISDIR.exception();
                }
                if (replaced.directory && !replaced.list().isEmpty()) {
                    throw Errno.ENOTEMPTY.exception();
                }
            }
            source.copyUp(false);
            Inode from = copyUp(false);
            Inode into = to.copyUp(false);
            boolean hideOld = lowerHolds(childName);
            boolean lowerAtNew = to.lowerHolds(newName);
            Layers.clearWhiteout(into, newName);
            if (replaced != null && replaced.directory && replaced.upper != null) {
                replaced.clearBookkeeping();
            }
            from.rename(childName, into, newName);
            if (hideOld) {
                Layers.writeWhiteout(from, childName);
            }
            moved(source, to, newName);
            if (source.directory && lowerAtNew) {
                Layers.writeOpaque(source.upper);
            }
        }
    }

    /** renameat2(RENAME_EXCHANGE): both copied up and swapped in the upper layer. */
    @Override
    public void exchange(String childName, Inode newDir, String newName) {
        OverlayNode to = sameOverlay(newDir);
        synchronized (fs.lock) {
            OverlayNode a = (OverlayNode) lookup(childName);
            OverlayNode b = (OverlayNode) to.lookup(newName);
            if (a == b) {
                return;
            }
            requireMovable(a);
            requireMovable(b);
            a.copyUp(false);
            b.copyUp(false);
            Inode from = copyUp(false);
            Inode into = to.copyUp(false);
            boolean lowerAtOld = lowerHolds(childName);
            boolean lowerAtNew = to.lowerHolds(newName);
            from.exchange(childName, into, newName);
            children.remove(childName);
            to.children.remove(newName);
            relocate(a, to, newName);
            relocate(b, this, childName);
            if (a.directory && lowerAtNew) {
                Layers.writeOpaque(a.upper);
            }
            if (b.directory && lowerAtOld) {
                Layers.writeOpaque(b.upper);
            }
        }
    }

    private OverlayNode sameOverlay(Inode dir) {
        if (!(dir instanceof OverlayNode to) || to.fs != fs) {
            throw Errno.EXDEV.exception();
        }
        to.requireDirectory();
        return to;
    }

    /** overlayfs without redirect_dir moves only directories that are wholly in the upper layer. */
    private static void requireMovable(OverlayNode node) {
        if (node.directory && !node.lowers.isEmpty()) {
            throw Errno.EXDEV.exception();
        }
    }

    /** Records that node, which was childName here, now lives as newName in dir. */
    private void moved(OverlayNode node, OverlayNode dir, String newName) {
        children.remove(node.name);
        relocate(node, dir, newName);
    }

    /**
     * Puts node in dir as newName. Its upper object is looked up again, as a layer may name
     * objects by path; what was looked up under a moved directory is forgotten.
     */
    private static void relocate(OverlayNode node, OverlayNode dir, String newName) {
        node.parent = dir;
        node.name = newName;
        node.upper = dir.upper.lookup(newName);
        node.children.clear();
        dir.children.put(newName, node);
    }

    // ---- attributes ----

    @Override
    public void chmod(int mode) {
        copyUp(false).chmod(mode);
    }

    @Override
    public void chown(int uid, int gid) {
        copyUp(false).chown(uid, gid);
    }

    @Override
    public void setTimes(Long atimeNanos, Long mtimeNanos) {
        copyUp(false).setTimes(atimeNanos, mtimeNanos);
    }

    /** overlayfs's own attributes are not the guest's to read or change (ovl_own_xattr_get). */
    private static void requireOrdinary(String xattr) {
        if (xattr.startsWith(OverlayFormat.PRIVATE_XATTR_PREFIX)) {
            throw Errno.EOPNOTSUPP.exception();
        }
    }

    @Override
    public byte[] getxattr(String xattr) {
        requireOrdinary(xattr);
        return real().getxattr(xattr);
    }

    @Override
    public List<String> listxattr() {
        List<String> names = new ArrayList<>();
        for (String n : real().listxattr()) {
            if (!n.startsWith(OverlayFormat.PRIVATE_XATTR_PREFIX)) {
                names.add(n);
            }
        }
        return names;
    }

    @Override
    public void setxattr(String xattr, byte[] value, int flags) {
        requireOrdinary(xattr);
        copyUp(false).setxattr(xattr, value, flags);
    }

    @Override
    public void removexattr(String xattr) {
        requireOrdinary(xattr);
        copyUp(false).removexattr(xattr);
    }
}
