package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.StatMode;
import dev.zlx.abi.Xattr;
import dev.zlx.vfs.DirEntry;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Owner;
import dev.zlx.vfs.XattrNames;
import dev.zlx.vfs.dev.DeviceNumbers;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A host file or directory inside a {@link HostFileSystem}, named by its host path. */
final class HostInode implements Inode {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /**
     * How long a check of this path (its type; where calls are not pinned, that no ancestor is
     * a symlink) stays good: long enough for the rest of one path walk, so that a walk costs one
     * host lstat per component instead of one per component and ancestor.
     */
    private static final long FRESH_NANOS = 100_000;

    private final HostFileSystem fs;
    private final Path path;
    /** System.nanoTime() when no directory above this path was a symlink (checked). */
    private volatile long treeCheckedAt = Long.MIN_VALUE;
    /** This path's file type (S_IFMT), as lstat saw it at typeAt. */
    private volatile int type;
    private volatile long typeAt = Long.MIN_VALUE;

    /**
     * The last host lstat of this path, kept for the rest of one syscall (FRESH_NANOS, as the
     * type): a call's permission check, stat and open need one host call, not three.
     */
    private record Seen(FileStat stat, long at) {
    }

    private volatile Seen seen;

    /** For an unnamed file (O_TMPFILE): the host descriptor that holds it, else null. */
    private final HostStat.Handle unnamed;

    HostInode(HostFileSystem fs, Path path) {
        this(fs, path, null);
    }

    /** An O_TMPFILE file: path is the /proc/self/fd name of the handle, which it follows. */
    private HostInode(HostFileSystem fs, Path path, HostStat.Handle unnamed) {
        this.fs = fs;
        this.path = path;
        this.unnamed = unnamed;
    }

    /**
     * System.nanoTime() at the last change through any hostfs of this JVM of names (rename,
     * unlink, symlink…) or of what lstat shows (a write, a read's atime, attributes): checks made
     * before it are stale, so a guest that swaps a directory for a symlink through zlx never
     * meets a cached check, and a stat after a write sees it. A change made outside this JVM
     * (another zlx, the host) can go unseen for at most FRESH_NANOS.
     */
    private static volatile long lastChange = Long.MIN_VALUE;

    private static boolean fresh(long checkedAt) {
        return checkedAt != Long.MIN_VALUE && checkedAt > lastChange
                && System.nanoTime() - checkedAt < FRESH_NANOS;
    }

    /** A change of names begins or ends: every earlier check is stale. */
    private static void namesChanged() {
        changed();
    }

    /**
     * Something lstat shows of a host file changes through zlx (called before and after): every
     * lstat kept ({@link #hostStat}) is stale.
     */
    static void changed() {
        lastChange = System.nanoTime();
    }

    /** A change of the entry name here begins or ends: earlier checks, and the cached type of the entry, are stale. */
    private void namesChanged(String name) {
        namesChanged();
        fs.types().changing(path.resolve(name));
    }

    /** A change that may move whole trees (rename, exchange) begins or ends: every cached type goes. */
    private void namesChangedAll() {
        namesChanged();
        fs.types().changingAll();
    }

    @Override
    public FileSystem fileSystem() {
        return fs;
    }

    /**
     * Pins the host directory for one host call on this path (see {@link HostPin}): with self,
     * this directory itself, else its parent with this name in it. Where the host has no
     * openat2, the ancestors are checked instead (a rename racing with the call is not covered
     * there) and the call goes to the path; where the root is the host's "/", to the path.
     */
    HostPin pin(boolean self) {
        if (unnamed == null && fs.pinning()) {
            return fs.pin(path, self);
        }
        requireInTree();
        return HostPin.unpinned(path);
    }

    /** The host's attributes with the owner, group, mode and type the guest set (if it did). */
    @Override
    public FileStat stat() {
        FileStat known = remembered();
        FileStat seen = known == null ? null : fs.attributes().applyKnown(known);
        if (seen != null) {
            return seen;
        }
        try (HostPin p = pin(false)) {
            return fs.attributes().apply(p.toString(), false, hostStat(p));
        }
    }

    /** The lstat of this path kept from earlier in this call ({@link Seen}), or null. */
    private FileStat remembered() {
        Seen s = seen;
        return s != null && fresh(s.at()) ? s.stat() : null;
    }

    /** The host's own attributes of this path, which p pins (kept for the rest of the call). */
    private FileStat hostStat(HostPin p) {
        if (unnamed != null || !HostStat.available()) {
            return lstatNow(p);
        }
        FileStat known = remembered();
        if (known != null) {
            return known;
        }
        long now = System.nanoTime();
        FileStat st = HostStat.lstat(p);
        seen = new Seen(st, now);
        return st;
    }

    /** The host's own attributes of what p names, asked now (p need not be this path's pin). */
    private FileStat lstatNow(HostPin p) {
        if (unnamed != null) {
            return HostStat.fstat(unnamed);
        }
        if (HostStat.available()) {
            return HostStat.lstat(p);
        }
        try {
            return toFileStat(Files.readAttributes(p.path(), "unix:*", NOFOLLOW));
        } catch (IOException e) {
            throw HostErrors.of(e);
        } catch (UnsupportedOperationException e) {
            throw Errno.EIO.exception();
        }
    }

    @Override
    public Object lockKey() {
        try (HostPin p = pin(false)) {
            return HostFileKey.of(hostStat(p));
        }
    }

    static FileStat toFileStat(Map<String, Object> a) {
        long size = (Long) a.get("size");
        FileTime atime = (FileTime) a.get("lastAccessTime");
        FileTime mtime = (FileTime) a.get("lastModifiedTime");
        FileTime ctime = (FileTime) a.get("ctime");
        return new FileStat(
                (Long) a.get("dev"),
                (Long) a.get("ino"),
                (Integer) a.get("mode"),
                (Integer) a.get("nlink"),
                (Integer) a.get("uid"),
                (Integer) a.get("gid"),
                (Long) a.get("rdev"),
                size,
                4096,
                // The JDK does not expose st_blocks; allocated size is assumed to be the size
                // rounded up to whole 4 KiB blocks (sparse files over-report).
                (size + 4095) / 4096 * 8,
                atime.toInstant().getEpochSecond(), atime.toInstant().getNano(),
                mtime.toInstant().getEpochSecond(), mtime.toInstant().getNano(),
                ctime.toInstant().getEpochSecond(), ctime.toInstant().getNano());
    }

    /** The entry name of this directory, not looked up: for the host calls that make or remove it. */
    private HostInode entry(String name) {
        validName(name);
        return new HostInode(fs, path.resolve(name));
    }

    private static void validName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) {
            throw Errno.EINVAL.exception();
        }
    }

    /**
     * The fallback where the host has no openat2 to pin with: refuses with ENOENT when a
     * directory on this inode's host path, below the root, is now a symlink: a rename replaced
     * it after the lookup, and the host would follow the link out of the tree. Checked before
     * each host call (a check less than {@link #FRESH_NANOS} old, as the lookups of one walk
     * pass it on, stands); a rename racing with the call is not covered.
     */
    private void requireInTree() {
        // An unnamed file is reached by its descriptor, not by a walk; at the host's "/" nothing is outside.
        if (unnamed != null || !fs.confined() || fresh(treeCheckedAt)) {
            return;
        }
        long now = System.nanoTime();
        Path hostRoot = fs.hostRoot();
        for (Path p = path.getParent(); p != null && p.startsWith(hostRoot) && !p.equals(hostRoot); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw Errno.ENOENT.exception();
            }
        }
        treeCheckedAt = now;
    }

    /**
     * The entry name of this directory, found with one host lstat. This path must still be a
     * directory in the tree (checked, or known from the lookup that made this inode); the
     * child inherits both checks, which a walk's next step then needs not repeat.
     */
    @Override
    public Inode lookup(String name) {
        validName(name);
        if (unnamed == null && fs.pinning()) {
            int own = type();
            if (own != StatMode.S_IFDIR) {
                throw (own == 0 ? Errno.ENOENT : Errno.ENOTDIR).exception();
            }
            // The pin of the child's parent is this directory, which the host checks (O_DIRECTORY).
            return typedChild(name);
        }
        requireInTree();
        int own = type();
        if (own != StatMode.S_IFDIR) {
            throw (own == 0 ? Errno.ENOENT : Errno.ENOTDIR).exception();
        }
        if (!fs.confined()) {
            // Nothing to confine to: the cached type stands as where calls are pinned.
            return typedChild(name);
        }
        // The older of the two checks; NEVER (Long.MIN_VALUE) stays NEVER.
        long checkedAt = Math.min(treeCheckedAt, typeAt);
        long now = System.nanoTime();
        HostInode child = new HostInode(fs, path.resolve(name));
        child.type = child.typeOf(HostPin.unpinned(child.path));
        child.typeAt = now;
        child.treeCheckedAt = checkedAt;
        return child;
    }

    /**
     * The entry name of this directory with its type, from the type cache or from one lstat
     * (by a pin where calls are pinned), which the cache then keeps.
     */
    private HostInode typedChild(String name) {
        HostInode child = new HostInode(fs, path.resolve(name));
        if (child.knownType()) {
            return child;
        }
        long now = System.nanoTime();
        long cacheNow = fs.types().now();
        try (HostPin p = child.pin(false)) {
            child.type = child.typeOf(p);
        }
        child.typeAt = now;
        fs.types().put(child.path, child.type, cacheNow);
        return child;
    }

    /**
     * Whether the type cache knows this path's type: it then stands for the rest of the walk
     * (FRESH_NANOS), as one lstat's would, without asking the cache again at each step.
     */
    private boolean knownType() {
        int t = fs.types().get(path);
        if (t == 0) {
            return false;
        }
        type = t;
        typeAt = System.nanoTime();
        return true;
    }

    /** The S_IFMT type of what p names itself (not following a final symlink). */
    private int typeOf(HostPin p) {
        if (HostStat.available()) {
            return hostStat(p).mode() & StatMode.S_IFMT;
        }
        try {
            var a = Files.readAttributes(p.path(), java.nio.file.attribute.BasicFileAttributes.class, NOFOLLOW);
            return a.isDirectory() ? StatMode.S_IFDIR : a.isSymbolicLink() ? StatMode.S_IFLNK
                    : a.isRegularFile() ? StatMode.S_IFREG : StatMode.S_IFIFO;
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    /** This path's type (0 if it is gone), from a check less than FRESH_NANOS old or anew. */
    private int type() {
        if (fresh(typeAt)) {
            return type;
        }
        if (this == fs.root() && fs.rootIsDirectory()) {
            return StatMode.S_IFDIR;
        }
        boolean cached = unnamed == null && (fs.pinning() || !fs.confined());
        if (cached) {
            int t = fs.types().get(path);
            if (t != 0) {
                return t;
            }
        }
        long cacheNow = fs.types().now();
        long now = System.nanoTime();
        HostPin p;
        try {
            p = pin(false);
        } catch (dev.zlx.abi.LinuxException outOfReach) {
            // The directory it is in is gone or no longer in the tree: the last type known
            // stands, and each call it leads to is refused by its own pin.
            return type;
        }
        int t;
        try (p) {
            t = typeOf(p);
        } catch (dev.zlx.abi.LinuxException gone) {
            return 0;
        }
        type = t;
        typeAt = now;
        if (cached) {
            fs.types().put(path, t, cacheNow);
        }
        return t;
    }

    @Override
    public boolean isDirectory() {
        return type() == StatMode.S_IFDIR;
    }

    @Override
    public boolean isSymlink() {
        return type() == StatMode.S_IFLNK;
    }

    @Override
    public String readlink() {
        try (HostPin p = pin(false)) {
            Path link = p.path();
            if (!Files.isSymbolicLink(link)) {
                throw Errno.EINVAL.exception();
            }
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public OpenFile open(int flags) {
        try (HostPin p = pin(false)) {
            return open(p, flags);
        }
    }

    private OpenFile open(HostPin p, int flags) {
        FileStat host = hostStat(p);
        FileStat seen = fs.attributes().apply(p.toString(), false, host);
        int type = seen.mode() & StatMode.S_IFMT;
        boolean write = (flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY || (flags & Fcntl.O_TRUNC) != 0;
        if (type == StatMode.S_IFDIR) {
            if (write) {
                throw Errno.EISDIR.exception();
            }
            return HostDirectory.open(this, flags);
        }
        if ((flags & Fcntl.O_DIRECTORY) != 0) {
            throw Errno.ENOTDIR.exception();
        }
        int hostType = host.mode() & StatMode.S_IFMT;
        if (hostType == StatMode.S_IFCHR || hostType == StatMode.S_IFBLK) {
            // Host device nodes are never reachable through hostfs.
            throw Errno.EACCES.exception();
        }
        if (type == StatMode.S_IFCHR) {
            // A node the guest made (an empty host file): the device of its number, as chrdev_open.
            return DeviceNumbers.openChar(seen.rdev(), this, flags);
        }
        // A socket, or an override block device or FIFO on a host regular file: no driver here.
        if (type == StatMode.S_IFSOCK || type != hostType) {
            throw Errno.ENXIO.exception();
        }
        if (write && fs.readOnly()) {
            throw Errno.EROFS.exception();
        }
        if (type == StatMode.S_IFREG && unnamed == null && HostFd.available()) {
            return openFd(this, p, flags, 0);
        }
        return openChannel(this, p.path(), flags, Set.of());
    }

    /**
     * Opens the regular file p names with one openat on the pinned directory ({@link HostFd}),
     * with the open flags the JDK's channel would get (below); mode for a file it creates.
     */
    private static OpenFile openFd(HostInode file, HostPin p, int flags, int mode) {
        int access = flags & Fcntl.O_ACCMODE;
        int host = flags & (Fcntl.O_ACCMODE | Fcntl.O_CREAT | Fcntl.O_EXCL | Fcntl.O_SYNC | Fcntl.O_DSYNC);
        if ((flags & Fcntl.O_TRUNC) != 0 && access != Fcntl.O_RDONLY) {
            host |= Fcntl.O_TRUNC;
        }
        // As with the channel: O_RDWR|O_APPEND appends in HostRegularFile.write, O_WRONLY|O_APPEND on the host.
        if ((flags & Fcntl.O_APPEND) != 0 && access == Fcntl.O_WRONLY) {
            host |= Fcntl.O_APPEND;
        }
        return new HostRegularFile(file, HostFd.open(p, host, mode, false), flags);
    }

    /**
     * Opens file by its host name target (pinned); an unnamed file's /proc/self/fd name is
     * followed, nothing else. A file it creates gets the attributes given (its mode).
     */
    private static OpenFile openChannel(HostInode file, Path target, int flags, Set<OpenOption> extra,
            FileAttribute<?>... attrs) {
        Set<OpenOption> options = new HashSet<>(extra);
        if (file.unnamed == null) {
            options.add(LinkOption.NOFOLLOW_LINKS);
        }
        switch (flags & Fcntl.O_ACCMODE) {
            case Fcntl.O_RDONLY -> options.add(StandardOpenOption.READ);
            case Fcntl.O_WRONLY -> options.add(StandardOpenOption.WRITE);
            default -> {
                options.add(StandardOpenOption.READ);
                options.add(StandardOpenOption.WRITE);
            }
        }
        if ((flags & Fcntl.O_TRUNC) != 0 && (flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        // The JDK refuses READ with APPEND: O_RDWR|O_APPEND ("a+") appends in HostRegularFile.write.
        if ((flags & Fcntl.O_APPEND) != 0 && (flags & Fcntl.O_ACCMODE) == Fcntl.O_WRONLY) {
            options.add(StandardOpenOption.APPEND);
        }
        if ((flags & (Fcntl.O_SYNC | Fcntl.O_DSYNC)) != 0) {
            options.add(StandardOpenOption.DSYNC);
        }
        try {
            return new HostRegularFile(file, FileChannel.open(target, options, attrs), flags, target);
        } catch (IOException e) {
            throw HostErrors.of(e);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw Errno.EINVAL.exception();
        }
    }

    private void checkWritable() {
        if (fs.readOnly()) {
            throw Errno.EROFS.exception();
        }
    }

    @Override
    public OpenFile create(String name, int mode, int flags) {
        return create(name, mode, flags, null);
    }

    @Override
    public OpenFile create(String name, int mode, int flags, Owner owner) {
        checkWritable();
        // The directory as it is before the change, for the new entry's group.
        FileStat dir = owner == null ? null : stat();
        namesChanged(name);
        HostInode created = entry(name);
        try (HostPin p = created.pin(false)) {
            int hostMode = hostPermission(StatMode.S_IFREG, mode & 07777);
            OpenFile file;
            if (HostFd.available()) {
                file = openFd(created, p, flags | Fcntl.O_CREAT | Fcntl.O_EXCL, hostMode);
            } else {
                Set<OpenOption> extra = new HashSet<>();
                extra.add(StandardOpenOption.CREATE_NEW);
                file = openChannel(created, p.path(), flags | Fcntl.O_CREAT, extra,
                        PosixFilePermissions.asFileAttribute(permissions(hostMode)));
            }
            settle(p, StatMode.S_IFREG | (mode & 07777), 0, dir, owner);
            return file;
        } finally {
            namesChanged(name);
        }
    }

    /**
     * open(O_TMPFILE) here: the host's own unnamed file in this host directory (EOPNOTSUPP where
     * the host file system has none), held by a host descriptor until the guest closes it.
     */
    @Override
    public OpenFile createTmpfile(int mode, int flags, Owner owner, boolean linkable) {
        checkWritable();
        if (type() != StatMode.S_IFDIR) {
            throw Errno.ENOTDIR.exception();
        }
        int perm = mode & 07777;
        int hostPerm = hostPermission(StatMode.S_IFREG, perm);
        HostStat.Handle handle;
        try (HostPin dir = pin(true)) {
            handle = HostNodes.openTmpfile(dir.path(), hostPerm, linkable);
        }
        HostInode file = new HostInode(fs, Path.of("/proc/self/fd/" + handle.fd()), handle);
        try {
            FileStat host = HostStat.fstat(handle);
            if ((host.mode() & 07777) != hostPerm) {
                // The host's umask took bits away.
                setMode(HostPin.unpinned(file.path), hostPerm, true);
                host = HostStat.fstat(handle);
            }
            Owner o = ownerOf(owner);
            if (hostPerm != perm || o.uid() != host.uid() || o.gid() != host.gid()) {
                fs.attributes().setOverride(file.path.toString(), host,
                        new HostOverride(o.uid(), o.gid(), StatMode.S_IFREG | perm, 0));
            }
            return openChannel(file, file.path, flags, Set.of());
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    /** The host descriptor of an unnamed file, which its open file closes; else null. */
    HostStat.Handle unnamed() {
        return unnamed;
    }

    /**
     * The least the host file keeps of its owner's permission whatever the guest sets (u+rw,
     * u+rwx for a directory), so that the user running zlx can still use it; the guest's mode
     * is kept in the override then.
     */
    private static int hostPermission(int type, int perm) {
        return (perm & 0777) | (type == StatMode.S_IFDIR ? StatMode.S_IRWXU : StatMode.S_IRUSR | StatMode.S_IWUSR);
    }

    /**
     * Gives a new host file (target) the guest's mode: the host gets what it can hold
     * ({@link #hostPermission}); an override keeps the rest (set-ID and sticky bits, the owner's
     * missing bits, a device type) and an owner other than the host's. A null owner is the host's;
     * dir is this directory as the guest saw it before the entry was made (with an owner).
     */
    private void settle(HostPin target, int mode, long rdev, FileStat dir, Owner owner) {
        int type = mode & StatMode.S_IFMT;
        int perm = mode & 07777;
        boolean symlink = type == StatMode.S_IFLNK;
        int hostPerm = symlink ? perm : hostPermission(type, perm);
        FileStat host = lstatNow(target);
        if (!symlink && (host.mode() & 07777) != hostPerm) {
            // Only where the host's umask took bits away: chmod is an IN_ATTRIB that the
            // guest's creation would not make on Linux.
            setMode(target, hostPerm, false);
            host = lstatNow(target);
        }
        Owner o = owner == null ? null : ownerOf(owner, dir);
        boolean sgidDir = o != null && type == StatMode.S_IFDIR && (dir.mode() & StatMode.S_ISGID) != 0;
        if (sgidDir) {
            perm |= StatMode.S_ISGID;
        }
        if ((host.mode() & StatMode.S_IFMT) != type || hostPerm != perm
                || (o != null && (o.uid() != host.uid() || o.gid() != host.gid()))) {
            fs.attributes().setOverride(target.toString(), host, new HostOverride(
                    o == null ? host.uid() : o.uid(), o == null ? host.gid() : o.gid(), type | perm, rdev));
        }
    }

    /** The owner of a new entry here: creator's, with this directory's group if it is set-group-ID. */
    private Owner ownerOf(Owner creator) {
        return ownerOf(creator, stat());
    }

    /** The owner of a new entry in dir (this directory as the guest sees it). */
    private static Owner ownerOf(Owner creator, FileStat dir) {
        return (dir.mode() & StatMode.S_ISGID) != 0 ? new Owner(creator.uid(), dir.gid()) : creator;
    }

    /**
     * mknod(2) in a host directory: regular files, FIFOs and socket nodes are made on the host
     * (owned by the user running zlx); a device node is an empty host file whose override says
     * which device it is, as fuse-overlayfs and containers/storage keep them.
     */
    @Override
    public void mknod(String name, int mode, long rdev, Owner owner) {
        checkWritable();
        // The directory as it is before the change, for the new entry's group.
        FileStat dir = owner == null ? null : stat();
        namesChanged(name);
        try (HostPin target = entry(name).pin(false)) {
            int type = mode & StatMode.S_IFMT;
            switch (type) {
                case StatMode.S_IFREG, StatMode.S_IFCHR, StatMode.S_IFBLK -> {
                    try {
                        Files.createFile(target.path());
                    } catch (IOException e) {
                        throw HostErrors.of(e);
                    }
                }
                case StatMode.S_IFIFO, StatMode.S_IFSOCK -> HostNodes.mknod(target.path(), type | (mode & 0777));
                default -> throw Errno.EPERM.exception();
            }
            boolean device = type == StatMode.S_IFCHR || type == StatMode.S_IFBLK;
            settle(target, type | (mode & 07777), device ? rdev : 0, dir, owner);
        } finally {
            namesChanged(name);
        }
    }

    @Override
    public void mkdir(String name, int mode) {
        mkdir(name, mode, null);
    }

    @Override
    public void mkdir(String name, int mode, Owner owner) {
        checkWritable();
        // The directory as it is before the change, for the new entry's group.
        FileStat dir = owner == null ? null : stat();
        namesChanged(name);
        try (HostPin target = entry(name).pin(false)) {
            try {
                Files.createDirectory(target.path(), PosixFilePermissions.asFileAttribute(
                        permissions(hostPermission(StatMode.S_IFDIR, mode & 07777))));
            } catch (IOException e) {
                throw HostErrors.of(e);
            }
            settle(target, StatMode.S_IFDIR | (mode & 07777), 0, dir, owner);
        } finally {
            namesChanged(name);
        }
    }

    @Override
    public void symlink(String name, String target) {
        symlink(name, target, null);
    }

    @Override
    public void symlink(String name, String target, Owner owner) {
        checkWritable();
        // The directory as it is before the change, for the new entry's group.
        FileStat dir = owner == null ? null : stat();
        namesChanged(name);
        try (HostPin link = entry(name).pin(false)) {
            try {
                // The text is the guest's and stays uninterpreted: hostfs never follows host links.
                Files.createSymbolicLink(link.path(), link.path().getFileSystem().getPath(target));
            } catch (java.nio.file.InvalidPathException e) {
                throw Errno.EINVAL.exception();
            } catch (IOException e) {
                throw HostErrors.of(e);
            }
            settle(link, StatMode.S_IFLNK | 0777, 0, dir, owner);
        } finally {
            namesChanged(name);
        }
    }

    @Override
    public void link(String name, Inode existing) {
        checkWritable();
        namesChanged(name);
        try {
            if (!(existing instanceof HostInode other) || other.fs != fs) {
                throw Errno.EXDEV.exception();
            }
            try (HostPin source = other.pin(false); HostPin link = entry(name).pin(false)) {
                if (other.unnamed != null) {
                    // The host refuses (ENOENT) a file opened with O_EXCL, as Linux does.
                    HostNodes.linkOpen(other.path, link.path());
                    return;
                }
                if (Files.isDirectory(source.path(), NOFOLLOW)) {
                    throw Errno.EPERM.exception();
                }
                // link(2) does not follow a final symlink of the source on Linux.
                Files.createLink(link.path(), source.path());
            } catch (IOException e) {
                throw HostErrors.of(e);
            }
        } finally {
            namesChanged(name);
        }
    }

    @Override
    public void unlink(String name) {
        checkWritable();
        namesChanged(name);
        try (HostPin target = entry(name).pin(false)) {
            if (HostNodes.unlinkAvailable()) {
                delete(target, false);
                return;
            }
            if (Files.isDirectory(target.path(), NOFOLLOW)) {
                throw Errno.EISDIR.exception();
            }
            delete(target);
        } finally {
            namesChanged(name);
        }
    }

    @Override
    public void rmdir(String name) {
        checkWritable();
        namesChanged(name);
        try (HostPin target = entry(name).pin(false)) {
            if (HostNodes.unlinkAvailable()) {
                delete(target, true);
                return;
            }
            if (!Files.isDirectory(target.path(), NOFOLLOW)) {
                throw (Files.exists(target.path(), NOFOLLOW) ? Errno.ENOTDIR : Errno.ENOENT).exception();
            }
            delete(target);
        } finally {
            namesChanged(name);
        }
    }

    /**
     * Removes a host entry with one unlinkat (a directory with dir); what memory kept for its
     * file goes with its last name (the lstat that tells is made only where memory keeps any).
     */
    private void delete(HostPin target, boolean dir) {
        FileStat before = fs.attributes().keepsAny() ? lstatNow(target) : null;
        HostNodes.unlink(target, dir);
        if (before != null) {
            fs.attributes().forget(before);
        }
    }

    /** Removes a host entry; what memory kept for its file goes with its last name. */
    private void delete(HostPin target) {
        FileStat before = lstatNow(target);
        try {
            Files.delete(target.path());
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
        fs.attributes().forget(before);
    }

    @Override
    public void rename(String name, Inode newDir, String newName) {
        checkWritable();
        namesChangedAll();
        try {
            if (!(newDir instanceof HostInode other) || other.fs != fs) {
                throw Errno.EXDEV.exception();
            }
            HostInode from = entry(name);
            HostInode to = other.entry(newName);
            try (HostPin fromPin = from.pin(false); HostPin toPin = to.pin(false)) {
                rename(fromPin, toPin);
            }
        } finally {
            namesChangedAll();
        }
    }

    /** rename(2) of the pinned source to the pinned target, with Linux's checks of the two types. */
    private void rename(HostPin fromPin, HostPin toPin) {
        Path source = fromPin.path();
        Path target = toPin.path();
        if (!Files.exists(source, NOFOLLOW)) {
            throw Errno.ENOENT.exception();
        }
        boolean sourceIsDir = Files.isDirectory(source, NOFOLLOW);
        if (Files.exists(target, NOFOLLOW)) {
            boolean targetIsDir = Files.isDirectory(target, NOFOLLOW);
            if (sourceIsDir && !targetIsDir) {
                throw Errno.ENOTDIR.exception();
            }
            if (!sourceIsDir && targetIsDir) {
                throw Errno.EISDIR.exception();
            }
        }
        FileStat replaced = Files.exists(target, NOFOLLOW) ? lstatNow(toPin) : null;
        try {
            // ATOMIC_MOVE is rename(2) on the host: it replaces the target as Linux does.
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            if (replaced != null) {
                fs.attributes().forget(replaced);
            }
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    /** renameat2(RENAME_EXCHANGE): the host swaps the two entries (as its file system allows). */
    @Override
    public void exchange(String name, Inode newDir, String newName) {
        checkWritable();
        if (!(newDir instanceof HostInode other) || other.fs != fs) {
            throw Errno.EXDEV.exception();
        }
        namesChangedAll();
        try (HostPin a = entry(name).pin(false); HostPin b = other.entry(newName).pin(false)) {
            HostNodes.exchange(a.path(), b.path());
        } finally {
            namesChangedAll();
        }
    }

    @Override
    public List<DirEntry> list() {
        List<DirEntry> entries = new ArrayList<>();
        try (HostPin dir = pin(true); DirectoryStream<Path> stream = Files.newDirectoryStream(dir.path())) {
            for (Path p : stream) {
                addEntry(entries, p);
            }
        } catch (IOException e) {
            throw HostErrors.of(e);
        } finally {
            // The read's atime.
            changed();
        }
        return entries;
    }

    /**
     * The entries of this directory as the host descriptor dir (open on it) reads them now: the
     * host's d_type, except that a regular file (or an entry of unknown type) is looked at by
     * fstatat on dir, as the guest may have made it a device node, FIFO or socket (its override),
     * unless a call found its override less than a second ago.
     */
    List<DirEntry> list(HostStat.Handle dir) {
        List<DirEntry> entries = new ArrayList<>();
        String dirPath = "/proc/self/fd/" + dir.fd() + "/";
        try {
            long dev = -1;
            for (DirEntry e : HostDirents.entries(dir)) {
                if (e.type() != StatMode.DT_REG && e.type() != StatMode.DT_UNKNOWN) {
                    entries.add(e);
                    continue;
                }
                if (e.type() == StatMode.DT_REG) {
                    // What an earlier listing or call found of the file (HostGuestAttributes.listedType).
                    if (dev == -1) {
                        dev = HostStat.fstat(dir).dev();
                    }
                    int known = fs.attributes().listedType(dev, e.ino());
                    if (known != 0) {
                        entries.add(known == StatMode.S_IFREG ? e
                                : new DirEntry(e.name(), e.ino(), StatMode.toDirentType(known)));
                        continue;
                    }
                }
                FileStat st;
                try {
                    st = HostStat.lstatAt(dir, e.name());
                } catch (dev.zlx.abi.LinuxException vanished) {
                    // Removed between listing and stat: Linux would not list it either.
                    continue;
                }
                int mode = fs.attributes().guestMode(dirPath + e.name(), st.dev(), st.ino(), st.mode(),
                        st.ctimeSec() * 1_000_000_000L + st.ctimeNsec());
                entries.add(new DirEntry(e.name(), st.ino(), StatMode.toDirentType(mode)));
            }
        } finally {
            // The read's atime.
            changed();
        }
        return entries;
    }

    /** The entry of host path p, with the type the guest set, unless p is gone. */
    private void addEntry(List<DirEntry> entries, Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino,mode,ctime", NOFOLLOW);
            long ino = (Long) a.get("ino");
            long ctime = ((FileTime) a.get("ctime")).to(java.util.concurrent.TimeUnit.NANOSECONDS);
            int mode = fs.attributes().guestMode(p.toString(), (Long) a.get("dev"), ino, (Integer) a.get("mode"),
                    ctime);
            entries.add(new DirEntry(p.getFileName().toString(), ino, StatMode.toDirentType(mode)));
        } catch (IOException vanished) {
            // Removed between listing and stat: Linux would not list it either.
        }
    }

    /**
     * Extended attributes: user.* are the host file's own; trusted.* and security.* (which the
     * user running zlx cannot set on the host) are kept by {@link HostGuestAttributes}; zlx's
     * bookkeeping attributes are hidden (ENODATA, EPERM to change, as fuse-overlayfs does).
     */
    @Override
    public byte[] getxattr(String name) {
        if (HostGuestAttributes.hidden(name)) {
            throw Errno.ENODATA.exception();
        }
        try (HostPin p = pin(false)) {
            return getxattr(p, name);
        }
    }

    private byte[] getxattr(HostPin p, String name) {
        FileStat host = hostStat(p);
        XattrNames.check(name, guestType(p, host), false);
        byte[] v;
        if (name.startsWith(Xattr.USER_PREFIX)) {
            try {
                v = HostXattrs.get(p.toString(), name, false);
            } catch (dev.zlx.abi.LinuxException e) {
                if (e.errno() != Errno.EOPNOTSUPP) {
                    throw e;
                }
                v = null;
            }
        } else {
            v = fs.attributes().get(p.toString(), host, name);
        }
        if (v == null) {
            throw Errno.ENODATA.exception();
        }
        return v;
    }

    private int guestType(HostPin p, FileStat host) {
        return fs.attributes().apply(p.toString(), false, host).mode() & StatMode.S_IFMT;
    }

    @Override
    public List<String> listxattr() {
        try (HostPin p = pin(false)) {
            FileStat host = hostStat(p);
            int type = guestType(p, host);
            boolean user = type == StatMode.S_IFREG || type == StatMode.S_IFDIR;
            return fs.attributes().list(p.toString(), host).stream()
                    .filter(n -> user || !n.startsWith(Xattr.USER_PREFIX)).toList();
        }
    }

    /**
     * The checks before an attribute changes: a writable mount, not zlx's bookkeeping (EPERM),
     * a name the namespace rules allow on this file type. Returns the host lstat.
     */
    private FileStat attributeToChange(HostPin p, String name) {
        checkWritable();
        if (HostGuestAttributes.hidden(name)) {
            throw Errno.EPERM.exception();
        }
        FileStat host = hostStat(p);
        XattrNames.check(name, guestType(p, host), true);
        return host;
    }

    @Override
    public void setxattr(String name, byte[] value, int flags) {
        try {
            FileStat host;
            try (HostPin p = pin(false)) {
                host = attributeToChange(p, name);
                if (name.startsWith(Xattr.USER_PREFIX)) {
                    HostXattrs.set(p.toString(), name, value, flags);
                    return;
                }
                if (fs.attributes().set(p.toString(), host, name, value, flags)) {
                    return;
                }
            }
            HostNotify.attributeUnseen(this, host);
        } finally {
            changed();
        }
    }

    @Override
    public void removexattr(String name) {
        try {
            FileStat host;
            try (HostPin p = pin(false)) {
                host = attributeToChange(p, name);
                if (name.startsWith(Xattr.USER_PREFIX)) {
                    HostXattrs.remove(p.toString(), name);
                    return;
                }
                if (fs.attributes().remove(p.toString(), host, name)) {
                    return;
                }
            }
            HostNotify.attributeUnseen(this, host);
        } finally {
            changed();
        }
    }

    @Override
    public void setTimes(Long atimeNanos, Long mtimeNanos) {
        try {
            checkWritable();
            try (HostPin p = pin(false)) {
                if (HostNodes.pathCallsAvailable()) {
                    HostNodes.setTimes(p.path(), atimeNanos, mtimeNanos);
                    return;
                }
                Files.getFileAttributeView(p.path(), BasicFileAttributeView.class, NOFOLLOW)
                        .setTimes(fileTime(mtimeNanos), fileTime(atimeNanos), null);
            } catch (IOException e) {
                throw HostErrors.of(e);
            }
        } finally {
            changed();
        }
    }

    /** truncate(2) by name where the host allows it, which opens nothing, as Linux's does not. */
    @Override
    public void setLength(long length) {
        try {
            if (unnamed != null || !HostNodes.pathCallsAvailable()) {
                Inode.super.setLength(length);
                return;
            }
            checkWritable();
            try (HostPin p = pin(false)) {
                HostNodes.truncate(p.path(), length);
            }
        } finally {
            changed();
        }
    }

    private static FileTime fileTime(Long nanos) {
        return nanos == null ? null : FileTime.from(java.time.Instant.ofEpochSecond(0, nanos));
    }

    /**
     * The host file gets the permission bits it can hold ({@link #hostPermission}); the guest's
     * whole mode goes into the override when one exists or the host's would differ from it.
     */
    @Override
    public void chmod(int mode) {
        try {
            checkWritable();
            try (HostPin p = pin(false)) {
                FileStat host = hostStat(p);
                int hostType = host.mode() & StatMode.S_IFMT;
                if (hostType == StatMode.S_IFLNK) {
                    throw Errno.EOPNOTSUPP.exception();
                }
                HostOverride o = fs.attributes().override(p.toString(), false, host);
                int perm = mode & 07777;
                int hostPerm = hostPermission(hostType, perm);
                setMode(p, hostPerm, unnamed != null);
                if (o != null || hostPerm != perm) {
                    FileStat seen = o == null ? host : o.apply(host);
                    fs.attributes().setOverride(p.toString(), host, new HostOverride(seen.uid(), seen.gid(),
                            (seen.mode() & StatMode.S_IFMT) | perm, seen.rdev()));
                }
            }
        } finally {
            changed();
        }
    }

    /** chown(2): the host file stays the zlx user's; the override keeps the guest's owner and group. */
    @Override
    public void chown(int uid, int gid) {
        try {
            checkWritable();
            FileStat host;
            try (HostPin p = pin(false)) {
                host = hostStat(p);
                FileStat seen = fs.attributes().apply(p.toString(), false, host);
                if (fs.attributes().setOverride(p.toString(), host, new HostOverride(uid == -1 ? seen.uid() : uid,
                        gid == -1 ? seen.gid() : gid, seen.mode(), seen.rdev()))) {
                    return;
                }
            }
            HostNotify.attributeUnseen(this, host);
        } finally {
            changed();
        }
    }

    /**
     * chmod of what target names: not following a final symlink (a symlink swapped in after
     * the check is refused, not followed out of the tree) unless follow (an unnamed file's
     * /proc/self/fd name); the JDK's chmod, which follows, only where the host lacks fchmodat.
     */
    private static void setMode(HostPin target, int mode, boolean follow) {
        try {
            if (HostNodes.chmodAvailable()) {
                HostNodes.chmod(target, mode, follow);
                return;
            }
            Files.setPosixFilePermissions(target.path(), permissions(mode));
        } catch (IOException e) {
            throw HostErrors.of(e);
        } finally {
            changed();
        }
    }

    /** The permission bits (0777) of mode as the JDK names them. */
    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        return perms;
    }

    Path path() {
        return path;
    }

    /** The host attributes of the host directory this path is in (pinned as every call is). */
    FileStat parentStat() {
        HostInode parent = new HostInode(fs, path.getParent());
        try (HostPin p = parent.pin(false)) {
            return parent.hostStat(p);
        }
    }


    HostGuestAttributes attributes() {
        return fs.attributes();
    }
}
