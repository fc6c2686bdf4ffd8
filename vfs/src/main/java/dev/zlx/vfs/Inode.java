package dev.zlx.vfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.StatMode;
import java.util.List;

/**
 * A file system object reachable by name: a file, directory, symlink or special file. Path
 * operations on a directory take the name of one of its entries (never a path: the {@link
 * PathWalker} splits paths). Every method reports failure by throwing the errno Linux would
 * return; the defaults below are what a file system that lacks the operation answers.
 */
public interface Inode {
    /** The file system this object belongs to. */
    FileSystem fileSystem();

    /** The object's attributes, without following a symlink (lstat). */
    FileStat stat();

    /** The entry called name in this directory; ENOENT if none, ENOTDIR if this is no directory. */
    default Inode lookup(String name) {
        throw (isDirectory() ? Errno.ENOENT : Errno.ENOTDIR).exception();
    }

    /** The target of this symlink; EINVAL if this is not a symlink. */
    default String readlink() {
        throw Errno.EINVAL.exception();
    }

    /** Opens this object with the given open(2) flags (canonical x86-64 values). */
    OpenFile open(int flags);

    /** Creates a regular file called name with the mode (umask already applied) and opens it. */
    default OpenFile create(String name, int mode, int flags) {
        throw (isDirectory() ? Errno.EROFS : Errno.ENOTDIR).exception();
    }

    /**
     * {@link #create(String, int, int)} by owner; file systems that keep owners (tmpfs) give
     * the new file to owner, the others ignore it.
     */
    default OpenFile create(String name, int mode, int flags, Owner owner) {
        return create(name, mode, flags);
    }

    /**
     * open(O_TMPFILE) on this directory: a new regular file in no directory of this file system,
     * opened with flags; linkat can give it a name later unless linkable is false (O_EXCL).
     * EOPNOTSUPP for file systems without it, as Linux answers.
     */
    default OpenFile createTmpfile(int mode, int flags, Owner owner, boolean linkable) {
        throw (isDirectory() ? Errno.EOPNOTSUPP : Errno.ENOTDIR).exception();
    }

    /** Creates a directory called name with the mode (umask already applied). */
    default void mkdir(String name, int mode) {
        throw (isDirectory() ? Errno.EROFS : Errno.ENOTDIR).exception();
    }

    /** {@link #mkdir(String, int)} by owner (see {@link #create(String, int, int, Owner)}). */
    default void mkdir(String name, int mode, Owner owner) {
        mkdir(name, mode);
    }

    /** Creates a symlink called name whose text is target, stored verbatim (symlink(2)). */
    default void symlink(String name, String target) {
        throw (isDirectory() ? Errno.EPERM : Errno.ENOTDIR).exception();
    }

    /** {@link #symlink(String, String)} by owner (see {@link #create(String, int, int, Owner)}). */
    default void symlink(String name, String target, Owner owner) {
        symlink(name, target);
    }

    /**
     * Creates a FIFO, socket or device node called name (mknod(2)); mode holds the type and
     * the permission bits (umask applied), rdev the device number of a device. EPERM where the
     * file system cannot hold special files, as Linux answers for those without mknod.
     */
    default void mknod(String name, int mode, long rdev, Owner owner) {
        throw (isDirectory() ? Errno.EPERM : Errno.ENOTDIR).exception();
    }

    /** Creates a hard link called name to existing, which must be on this file system (link(2)). */
    default void link(String name, Inode existing) {
        throw (isDirectory() ? Errno.EPERM : Errno.ENOTDIR).exception();
    }

    /** Removes the non-directory entry name (unlink(2)). */
    default void unlink(String name) {
        throw (isDirectory() ? Errno.EROFS : Errno.ENOTDIR).exception();
    }

    /** Removes the empty directory name (rmdir(2)). */
    default void rmdir(String name) {
        throw (isDirectory() ? Errno.EROFS : Errno.ENOTDIR).exception();
    }

    /**
     * renameat2(RENAME_EXCHANGE): the entries name here and newName in newDir swap places
     * atomically; both must exist (ENOENT). EINVAL for file systems without it, as Linux.
     */
    default void exchange(String name, Inode newDir, String newName) {
        throw (isDirectory() ? Errno.EINVAL : Errno.ENOTDIR).exception();
    }

    /**
     * Moves entry name of this directory to newName in newDir, replacing what is there as
     * rename(2) does; EXDEV when newDir is on another file system.
     */
    default void rename(String name, Inode newDir, String newName) {
        throw (isDirectory() ? Errno.EROFS : Errno.ENOTDIR).exception();
    }

    /** The entries of this directory, without "." and "..". */
    default List<DirEntry> list() {
        throw Errno.ENOTDIR.exception();
    }

    /**
     * The identity file locks use for this object: the object itself, unless the file system
     * hands out several objects for one file (hostfs, per lookup).
     */
    default Object lockKey() {
        return this;
    }

    /**
     * A file system's own permission rule beside the mode bits (inode_operations.permission),
     * asked when the mode bits refuse the MAY_* access in mask: true grants it anyway. procfs
     * lets a process into its own /proc/PID/fd (proc_fd_permission); nothing else does.
     */
    default boolean grantsBeyondMode(int mask) {
        return false;
    }

    /** Whether this object is a directory (cheaper than stat where the file system knows). */
    default boolean isDirectory() {
        return (stat().mode() & StatMode.S_IFMT) == StatMode.S_IFDIR;
    }

    /** Whether this object is a symlink. */
    default boolean isSymlink() {
        return (stat().mode() & StatMode.S_IFMT) == StatMode.S_IFLNK;
    }

    /**
     * The value of extended attribute name (getxattr(2)); ENODATA when the object has none of
     * that name, which is the answer of a file system that keeps no attributes.
     */
    default byte[] getxattr(String name) {
        throw Errno.ENODATA.exception();
    }

    /** The names of the object's extended attributes (listxattr(2)). */
    default List<String> listxattr() {
        return List.of();
    }

    /**
     * Sets extended attribute name (setxattr(2)); flags are XATTR_CREATE (EEXIST when it exists)
     * or XATTR_REPLACE (ENODATA when it does not). EOPNOTSUPP where the file system keeps none.
     */
    default void setxattr(String name, byte[] value, int flags) {
        throw Errno.EOPNOTSUPP.exception();
    }

    /** Removes extended attribute name (removexattr(2)); ENODATA when there is none. */
    default void removexattr(String name) {
        throw Errno.EOPNOTSUPP.exception();
    }

    /**
     * Sets the access and modification times (utimensat(2)); null leaves a time unchanged.
     * Times are nanoseconds since the epoch.
     */
    default void setTimes(Long atimeNanos, Long mtimeNanos) {
        throw Errno.EPERM.exception();
    }

    /**
     * truncate(2) of this regular file (the caller checked type and permission): by default
     * through a description opened for it, which reports nothing to inotify.
     */
    default void setLength(long length) {
        OpenFile file = open(dev.zlx.abi.Fcntl.O_WRONLY);
        try {
            file.truncate(length);
        } finally {
            file.close();
        }
    }

    /** Changes the permission bits (chmod(2)). */
    default void chmod(int mode) {
        throw Errno.EPERM.exception();
    }

    /**
     * Changes owner and group (chown(2)); -1 leaves one as it is. The caller has checked the
     * permission and computed the set-ID bits to clear (see {@link #chmod}).
     */
    default void chown(int uid, int gid) {
        throw Errno.EPERM.exception();
    }
}
