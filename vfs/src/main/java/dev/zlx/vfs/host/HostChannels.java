package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Reads and writes on a host FileChannel with host failures turned into Linux errors. */
final class HostChannels {
    private HostChannels() {
    }

    /** read(2) at the channel's position; 0 at end of file. */
    static int read(FileChannel channel, ByteBuffer dst) {
        try {
            return Math.max(0, channel.read(dst));
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    /** pread64(2); EINVAL for a negative offset. */
    static int pread(FileChannel channel, ByteBuffer dst, long offset) {
        if (offset < 0) {
            throw Errno.EINVAL.exception();
        }
        try {
            return Math.max(0, channel.read(dst, offset));
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    /** pwrite64(2); EINVAL for a negative offset. */
    static int pwrite(FileChannel channel, ByteBuffer src, long offset) {
        if (offset < 0) {
            throw Errno.EINVAL.exception();
        }
        try {
            return channel.write(src, offset);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }

    /** fsync (or fdatasync, dataOnly) of the host file behind channel; the host's error if it refuses. */
    static void force(FileChannel channel, boolean dataOnly) {
        try {
            channel.force(!dataOnly);
        } catch (IOException e) {
            throw HostErrors.of(e);
        }
    }
}
