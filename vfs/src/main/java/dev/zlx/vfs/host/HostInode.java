package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.StatMode;
import dev.zlx.abi.Xattr;
import dev.zlx.vfs.DirEntry;
import dev.zlx.vfs.DirectoryFile;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserDefinedFileAttributeView;
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
     * How long a check of this path stays good: long enough for the rest of one path walk, so
     * that a walk costs one host lstat per component instead of one per component and ancestor.
     */
    private static final long FRESH_NANOS = 100_000;

    private final HostFileSystem fs;
    private final Path path;
    /** System.nanoTime() when no directory above this path was a symlink (checked). */
    private volatile long treeCheckedAt = Long.MIN_VALUE;
    /** This path's file type (S_IFMT), as lstat saw it at typeAt. */
    private volatile int type;
    private volatile long typeAt = Long.MIN_VALUE;

    HostInode(HostFileSystem fs, Path path) {
        this.fs = fs;
        this.path = path;
    }

    /**
     * System.nanoTime() at the last change of names through any hostfs of this JVM (rename,
     * unlink, symlink…): checks made before it are stale, so a guest that swaps a directory for
     * a symlink through zlx never meets a cached check. A change made outside this JVM (another
     * zlx, the host) can go unseen for at most FRESH_NANOS.
     */
    private static volatile long lastNameChange = Long.MIN_VALUE;

    private static boolean fresh(long checkedAt) {
        return checkedAt != Long.MIN_VALUE && checkedAt > lastNameChange
                && System.nanoTime() - checkedAt < FRESH_NANOS;
    }

    /** A change of names begins or ends: every earlier check is stale. */
    private static void namesChanged() {
        lastNameChange = System.nanoTime();
    }

    @Override
    public FileSystem fileSystem() {
        return fs;
    }

    @Override
    public FileStat stat() {
        requireInTree();
        if (HostStat.available()) {
            return HostStat.lstat(path);
        }
        try {
            return toFileStat(Files.readAttributes(path, "unix:*", NOFOLLOW));
        } catch (IOException e) {
            throw HostErrors.of(e);
        } catch (UnsupportedOperationException e) {
            throw Errno.EIO.exception();
        }
    }

    @Override
    public Object lockKey() {
        return HostFileKey.of(stat());
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

    private Path child(String name) {
        validName(name);
        requireInTree();
        return path.resolve(name);
    }

    private static void validName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) {
            throw Errno.EINVAL.exception();
        }
    }

    /**
     * Refuses with ENOENT when a directory on this inode's host path, below the root, is now a
     * symlink: a rename replaced it after the lookup, and the host would follow the link out of
     * the tree. Checked before each host call (a check less than {@link #FRESH_NANOS} old, as
     * the lookups of one walk pass it on, stands); a rename racing with the call is not covered.
     */
    private void requireInTree() {
        if (fresh(treeCheckedAt)) {
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
        requireInTree();
        int own = type();
        if (own != StatMode.S_IFDIR) {
            throw (own == 0 ? Errno.ENOENT : Errno.ENOTDIR).exception();
        }
        // The older of the two checks; NEVER (Long.MIN_VALUE) stays NEVER.
        long checkedAt = Math.min(treeCheckedAt, typeAt);
        long now = System.nanoTime();
        HostInode child = new HostInode(fs, path.resolve(name));
        child.type = typeOf(child.path);
        child.typeAt = now;
        child.treeCheckedAt = checkedAt;
        return child;
    }

    /** The S_IFMT type of path itself (not following a final symlink). */
    private static int typeOf(Path p) {
        if (HostStat.available()) {
            return HostStat.lstat(p).mode() & StatMode.S_IFMT;
        }
        try {
            var a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, NOFOLLOW);
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
        long now = System.nanoTime();
        int t;
        try {
            t = typeOf(path);
        } catch (dev.zlx.abi.LinuxException gone) {
            return 0;
        }
        type = t;
        typeAt = now;
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
        requireInTree();
        if (!Files.isSymbolicLink(path)) {
            throw Errno.EINVAL.exception();
        }
        try {
            return Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public OpenFile open(int flags) {
        int type = stat().mode() & StatMode.S_IFMT;
        boolean write = (flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY || (flags & Fcntl.O_TRUNC) != 0;
        if (type == StatMode.S_IFDIR) {
            if (write) {
                throw Errno.EISDIR.exception();
            }
            return new DirectoryFile(this, flags);
        }
        if ((flags & Fcntl.O_DIRECTORY) != 0) {
            throw Errno.ENOTDIR.exception();
        }
        if (type == StatMode.S_IFCHR || type == StatMode.S_IFBLK) {
            // hostfs is mounted nodev: host devices are never reachable through it.
            throw Errno.EACCES.exception();
        }
        if (type == StatMode.S_IFSOCK) {
            throw Errno.ENXIO.exception();
        }
        if (write && fs.readOnly()) {
            throw Errno.EROFS.exception();
        }
        return openChannel(path, flags, Set.of());
    }

    private OpenFile openChannel(Path target, int flags, Set<OpenOption> extra) {
        Set<OpenOption> options = new HashSet<>(extra);
        options.add(LinkOption.NOFOLLOW_LINKS);
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
            return new HostRegularFile(new HostInode(fs, target), FileChannel.open(target, options), flags);
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
        checkWritable();
        namesChanged();
        try {
            Path target = child(name);
            Set<OpenOption> extra = new HashSet<>();
            extra.add(StandardOpenOption.CREATE_NEW);
            OpenFile file = openChannel(target, flags | Fcntl.O_CREAT, extra);
            setMode(target, mode);
            return file;
        } finally {
            namesChanged();
        }
    }

    /**
     * mknod(2) in a host directory: regular files, FIFOs and socket nodes are made on the host
     * (owned by the user running zlx); device nodes are EPERM, as for root in a user namespace.
     */
    @Override
    public void mknod(String name, int mode, long rdev, dev.zlx.vfs.Owner owner) {
        checkWritable();
        namesChanged();
        try {
            Path target = child(name);
            int type = mode & StatMode.S_IFMT;
            switch (type) {
                case StatMode.S_IFREG -> {
                    try {
                        Files.createFile(target);
                    } catch (IOException e) {
                        throw HostErrors.of(e);
                    }
                }
                case StatMode.S_IFIFO, StatMode.S_IFSOCK -> HostNodes.mknod(target, type | (mode & 0777));
                default -> throw Errno.EPERM.exception();
            }
            setMode(target, mode);
        } finally {
            namesChanged();
        }
    }

    @Override
    public void mkdir(String name, int mode) {
        checkWritable();
        namesChanged();
        try {
            Path target = child(name);
            try {
                Files.createDirectory(target);
            } catch (IOException e) {
                throw HostErrors.of(e);
            }
            setMode(target, mode);
        } finally {
            namesChanged();
        }
    }

    @Override
    public void symlink(String name, String target) {
        checkWritable();
        namesChanged();
        try {
            Path link = child(name);
            try {
                // The text is the guest's and stays uninterpreted: hostfs never follows host links.
                Files.createSymbolicLink(link, link.getFileSystem().getPath(target));
            } catch (java.nio.file.InvalidPathException e) {
                throw Errno.EINVAL.exception();
            } catch (IOException e) {
                throw HostErrors.of(e);
            }
        } finally {
            namesChanged();
        }
    }

    @Override
    public void link(String name, Inode existing) {
        checkWritable();
        namesChanged();
        try {
            if (!(existing instanceof HostInode other) || other.fs != fs) {
                throw Errno.EXDEV.exception();
            }
            other.requireInTree();
            if (Files.isDirectory(other.path, NOFOLLOW)) {
                throw Errno.EPERM.exception();
            }
            try {
                Files.createLink(child(name), other.path);
            } catch (IOException e) {
                throw HostErrors.of(e);
            }
        } finally {
            namesChanged();
        }
    }

    @Override
    public void unlink(String name) {
        checkWritable();
        namesChanged();
        try {
            Path target = child(name);
            if (Files.isDirectory(target, NOFOLLOW)) {
                throw Errno.EISDIR.exception();
            }
            delete(target);
        } finally {
            namesChanged();
        }
    }

    @Override
    public void rmdir(String name) {
        checkWritable();
        namesChanged();
        try {
            Path target = child(name);
            if (!Files.isDirectory(target, NOFOLLOW)) {
                throw (Files.exists(target, NOFOLLOW) ? Errno.ENOTDIR : Errno.ENOENT).exception();
            }
            delete(target);
        } finally {
            namesChanged();
        }
    }

    private static void delete(Path target) {
        try {
            Files.delete(target);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public void rename(String name, Inode newDir, String newName) {
        checkWritable();
        namesChanged();
        try {
            if (!(newDir instanceof HostInode other) || other.fs != fs) {
                throw Errno.EXDEV.exception();
            }
            Path source = child(name);
            Path target = other.child(newName);
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
            try {
                // ATOMIC_MOVE is rename(2) on the host: it replaces the target as Linux does.
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw HostErrors.of(e);
            }
        } finally {
            namesChanged();
        }
    }

    /** renameat2(RENAME_EXCHANGE): the host swaps the two entries (as its file system allows). */
    @Override
    public void exchange(String name, Inode newDir, String newName) {
        checkWritable();
        if (!(newDir instanceof HostInode other) || other.fs != fs) {
            throw Errno.EXDEV.exception();
        }
        namesChanged();
        try {
            HostNodes.exchange(child(name), other.child(newName));
        } finally {
            namesChanged();
        }
    }

    /**
     * setxattr(2) in the "user." namespace, kept by the host file (EOPNOTSUPP where the host
     * file system keeps none, and for the other namespaces, which zlx does not keep on hostfs;
     * EPERM on a symlink, as Linux allows user attributes only on files and directories).
     */
    @Override
    public void setxattr(String name, byte[] value, int flags) {
        checkWritable();
        requireInTree();
        UserDefinedFileAttributeView view = userAttributes(name);
        String key = name.substring("user.".length());
        try {
            boolean exists = view.list().contains(key);
            if ((flags & Xattr.XATTR_CREATE) != 0 && exists) {
                throw Errno.EEXIST.exception();
            }
            if ((flags & Xattr.XATTR_REPLACE) != 0 && !exists) {
                throw Errno.ENODATA.exception();
            }
            view.write(key, ByteBuffer.wrap(value));
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    /** removexattr(2) in the "user." namespace; ENODATA when there is none. */
    @Override
    public void removexattr(String name) {
        checkWritable();
        requireInTree();
        UserDefinedFileAttributeView view = userAttributes(name);
        String key = name.substring("user.".length());
        try {
            if (!view.list().contains(key)) {
                throw Errno.ENODATA.exception();
            }
            view.delete(key);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    /** The host view for a "user." attribute of this file; EOPNOTSUPP or EPERM otherwise. */
    private UserDefinedFileAttributeView userAttributes(String name) {
        if (!name.startsWith("user.")) {
            throw Errno.EOPNOTSUPP.exception();
        }
        if (isSymlink()) {
            throw Errno.EPERM.exception();
        }
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
        if (view == null) {
            throw Errno.EOPNOTSUPP.exception();
        }
        return view;
    }

    @Override
    public List<DirEntry> list() {
        requireInTree();
        List<DirEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
            for (Path p : stream) {
                try {
                    Map<String, Object> a = Files.readAttributes(p, "unix:ino,mode", NOFOLLOW);
                    entries.add(new DirEntry(p.getFileName().toString(), (Long) a.get("ino"),
                            StatMode.toDirentType((Integer) a.get("mode"))));
                } catch (IOException vanished) {
                    // Removed between listing and stat: Linux would not list it either.
                }
            }
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
        return entries;
    }

    /** Host extended attributes in the "user." namespace are the guest's; other namespaces show none. */
    @Override
    public byte[] getxattr(String name) {
        requireInTree();
        if (!name.startsWith("user.") || isSymlink()) {
            throw Errno.ENODATA.exception();
        }
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
            String key = name.substring("user.".length());
            if (view == null || !view.list().contains(key)) {
                throw Errno.ENODATA.exception();
            }
            ByteBuffer value = ByteBuffer.allocate(view.size(key));
            view.read(key, value);
            return java.util.Arrays.copyOf(value.array(), value.position());
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public List<String> listxattr() {
        requireInTree();
        if (isSymlink()) {
            return List.of();
        }
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
            if (view == null) {
                return List.of();
            }
            return view.list().stream().map(k -> "user." + k).toList();
        } catch (IOException e) {
            // A host file system without user xattrs has none to list.
            return List.of();
        }
    }

    @Override
    public void setTimes(Long atimeNanos, Long mtimeNanos) {
        checkWritable();
        requireInTree();
        try {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW)
                    .setTimes(fileTime(mtimeNanos), fileTime(atimeNanos), null);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    private static FileTime fileTime(Long nanos) {
        return nanos == null ? null : FileTime.from(java.time.Instant.ofEpochSecond(0, nanos));
    }

    @Override
    public void chmod(int mode) {
        checkWritable();
        requireInTree();
        setMode(path, mode);
    }

    private static void setMode(Path target, int mode) {
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
        try {
            Files.setPosixFilePermissions(target, perms);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    Path path() {
        return path;
    }
}
