package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.Ioctls;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.BrokenPipe;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.IoctlMemory;
import dev.zlx.vfs.OpenFile;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One of zlx's own standard descriptors (0, 1 or 2) handed to the guest: reads and writes go
 * straight to the host descriptor, unbuffered, so output interleaves as it would natively.
 * Terminal ioctls answer with the host terminal's state when there is one, ENOTTY otherwise.
 */
public final class HostStdioFile extends OpenFile {
    private final int hostFd;
    private final FileChannel channel;

    private HostStdioFile(int hostFd, FileChannel channel, int flags) {
        super(flags);
        this.hostFd = hostFd;
        this.channel = channel;
    }

    /** The guest's view of host standard descriptor 0, 1 or 2. */
    @SuppressWarnings("resource")
    public static HostStdioFile of(int hostFd) {
        return switch (hostFd) {
            case 0 -> new HostStdioFile(0, new FileInputStream(FileDescriptor.in).getChannel(), Fcntl.O_RDONLY);
            case 1 -> new HostStdioFile(1, new FileOutputStream(FileDescriptor.out).getChannel(), Fcntl.O_WRONLY);
            case 2 -> new HostStdioFile(2, new FileOutputStream(FileDescriptor.err).getChannel(), Fcntl.O_WRONLY);
            default -> throw new IllegalArgumentException("not a standard descriptor: " + hostFd);
        };
    }

    @Override
    public Inode inode() {
        return null;
    }

    @Override
    public int read(ByteBuffer dst) {
        requireReadable();
        return HostChannels.read(channel, dst);
    }

    @Override
    public int write(ByteBuffer src) {
        requireWritable();
        try {
            int total = 0;
            while (src.hasRemaining()) {
                total += channel.write(src);
            }
            return total;
        } catch (IOException e) {
            // The host end is closed: EPIPE and SIGPIPE, as for a guest pipe.
            throw BrokenPipe.INSTANCE;
        }
    }

    /** fsync of zlx's own standard descriptor: the host's answer (EINVAL for a terminal or pipe). */
    @Override
    public void sync(boolean dataOnly) {
        HostChannels.force(channel, dataOnly);
    }

    @Override
    public int pread(ByteBuffer dst, long offset) {
        requireReadable();
        return HostChannels.pread(channel, dst, offset);
    }

    @Override
    public int pwrite(ByteBuffer src, long offset) {
        requireWritable();
        return HostChannels.pwrite(channel, src, offset);
    }

    @Override
    public int poll(int events) {
        return HostPoll.poll(hostFd, events);
    }

    @Override
    public boolean pollsHost() {
        return true;
    }

    @Override
    public FileStat stat() {
        try {
            // /proc/self/fd/N names whatever the host descriptor is: tty, pipe or file.
            return HostInode.toFileStat(Files.readAttributes(Path.of("/proc/self/fd/" + hostFd), "unix:*"));
        } catch (IOException | UnsupportedOperationException e) {
            return new FileStat(0, hostFd + 1L, StatMode.S_IFCHR | 0620, 1, 0, 0, 0, 0, 1024, 0,
                    0, 0, 0, 0, 0, 0);
        }
    }

    @Override
    public long seek(long offset, int whence) {
        try {
            long base = switch (whence) {
                case Fcntl.SEEK_SET -> 0;
                case Fcntl.SEEK_CUR -> channel.position();
                case Fcntl.SEEK_END -> channel.size();
                default -> throw Errno.EINVAL.exception();
            };
            channel.position(base + offset);
            return base + offset;
        } catch (IOException e) {
            throw Errno.ESPIPE.exception();
        }
    }

    @Override
    public long ioctl(int request, long arg, IoctlMemory memory) {
        if (request == Ioctls.TCGETS) {
            memory.write(arg, HostTerminal.termios(hostFd).orElseThrow(Errno.ENOTTY::exception));
            return 0;
        }
        if (request == Ioctls.TIOCGWINSZ) {
            memory.write(arg, HostTerminal.windowSize(hostFd).orElseThrow(Errno.ENOTTY::exception));
            return 0;
        }
        throw Errno.ENOTTY.exception();
    }
}
