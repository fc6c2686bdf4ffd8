package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An open host regular file (or FIFO): reads and writes go to a host FileChannel (for a regular
 * file, a {@link HostFd} where the host has the calls); fstat goes to a host handle (the HostFd's
 * own descriptor, else an O_PATH one opened with the channel), so that an open file the guest
 * unlinked (tmpfile(3), Python's TemporaryFile) or renamed still reports its attributes.
 */
final class HostRegularFile extends OpenFile {
    private final HostInode inode;
    private final FileChannel channel;
    /** Null where the host has no handles (the path is then asked). */
    private final HostStat.Handle handle;
    private Object lockKey;

    /** The channel was opened by the host name opened (pinned, or an unnamed file's /proc/self/fd name). */
    HostRegularFile(HostInode inode, FileChannel channel, int flags, Path opened) {
        super(flags & ~(Fcntl.O_CREAT | Fcntl.O_EXCL | Fcntl.O_NOCTTY | Fcntl.O_TRUNC | Fcntl.O_CLOEXEC));
        this.inode = inode;
        this.channel = channel;
        this.handle = HostStat.openHandle(opened, inode.unnamed() != null);
    }

    /** A regular file opened by one host descriptor, which is its handle too. */
    HostRegularFile(HostInode inode, HostFd fd, int flags) {
        super(flags & ~(Fcntl.O_CREAT | Fcntl.O_EXCL | Fcntl.O_NOCTTY | Fcntl.O_TRUNC | Fcntl.O_CLOEXEC));
        this.inode = inode;
        this.channel = fd;
        this.handle = fd.handle();
    }

    @Override
    public FileStat stat() {
        // /proc/self/fd/N names the open file even when unlinked, for the override's attribute.
        return handle != null ? inode.attributes().apply("/proc/self/fd/" + handle.fd(), true, HostStat.fstat(handle))
                : inode.stat();
    }

    /** By the open file, which may have been unlinked or renamed; asked once. */
    @Override
    public synchronized Object lockKey() {
        if (lockKey == null) {
            lockKey = HostFileKey.of(stat());
        }
        return lockKey;
    }

    @Override
    public Inode inode() {
        return inode;
    }

    @Override
    public int read(ByteBuffer dst) {
        requireReadable();
        try {
            return HostChannels.read(channel, dst);
        } finally {
            HostInode.changed();
        }
    }

    @Override
    public int write(ByteBuffer src) {
        requireWritable();
        try {
            if ((statusFlags() & Fcntl.O_APPEND) != 0) {
                channel.position(channel.size());
            }
            return channel.write(src);
        } catch (IOException e) {
            throw HostErrors.of(e);
        } finally {
            HostInode.changed();
        }
    }

    @Override
    public int pread(ByteBuffer dst, long offset) {
        requireReadable();
        try {
            return HostChannels.pread(channel, dst, offset);
        } finally {
            HostInode.changed();
        }
    }

    @Override
    public int pwrite(ByteBuffer src, long offset) {
        requireWritable();
        try {
            return HostChannels.pwrite(channel, src, offset);
        } finally {
            HostInode.changed();
        }
    }

    @Override
    public long seek(long offset, int whence) {
        try {
            long base = switch (whence) {
                case Fcntl.SEEK_SET -> 0;
                case Fcntl.SEEK_CUR -> channel.position();
                case Fcntl.SEEK_END -> channel.size();
                // Without hole information the whole file is data, as generic_file_llseek says.
                case Fcntl.SEEK_DATA -> {
                    if (offset < 0 || offset >= channel.size()) {
                        throw Errno.ENXIO.exception();
                    }
                    yield 0;
                }
                case Fcntl.SEEK_HOLE -> {
                    if (offset < 0 || offset >= channel.size()) {
                        throw Errno.ENXIO.exception();
                    }
                    offset = 0;
                    yield channel.size();
                }
                default -> throw Errno.EINVAL.exception();
            };
            long target = base + offset;
            if (target < 0 || (offset > 0 && target < base)) {
                throw Errno.EINVAL.exception();
            }
            channel.position(target);
            return target;
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    @Override
    public void truncate(long length) {
        requireWritable();
        if (length < 0) {
            throw Errno.EINVAL.exception();
        }
        try {
            long size = channel.size();
            if (length < size) {
                // FileChannel.truncate pulls the position back to the new size; ftruncate does not.
                long position = channel.position();
                channel.truncate(length);
                channel.position(position);
            } else if (length > size) {
                // Extending: write one zero byte at the new end, leaving a hole before it. A
                // positional write on a host O_APPEND channel would append, so use a second one.
                if ((statusFlags() & Fcntl.O_APPEND) != 0) {
                    // By the handle, which names this file wherever it went; by name where none.
                    try (FileChannel plain = handle != null
                            ? FileChannel.open(Path.of("/proc/self/fd/" + handle.fd()), StandardOpenOption.WRITE)
                            : FileChannel.open(inode.path(), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        plain.write(ByteBuffer.allocate(1), length - 1);
                    }
                } else {
                    channel.write(ByteBuffer.allocate(1), length - 1);
                }
            }
        } catch (IOException e) {
            throw HostErrors.of(e);
        } finally {
            HostInode.changed();
        }
    }

    /** By the host's fallocate(2), which knows what the host file system supports. */
    @Override
    public void allocate(int mode, long offset, long length) {
        requireWritable();
        try {
            HostFallocate.fallocate(handle, mode, offset, length);
        } finally {
            HostInode.changed();
        }
    }

    @Override
    public void sync(boolean dataOnly) {
        HostChannels.force(channel, dataOnly);
    }

    @Override
    protected void release() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // close(2) of a host file cannot report anything the guest could act on.
        }
        // A HostFd's handle is its own descriptor, which closing the channel closed.
        if (handle != null && !(channel instanceof HostFd)) {
            handle.close();
        }
        if (inode.unnamed() != null) {
            inode.unnamed().close();
        }
    }
}
