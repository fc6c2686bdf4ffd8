package dev.zlx.vfs.synthetic;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.PositionedFile;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * A file whose text is generated from live state. Like Linux's seq_file, the text is generated
 * once per open description, at the first read (again after a seek to 0), so a reader that
 * takes it one byte at a time sees one consistent snapshot; lseek moves within it (SEEK_SET and
 * SEEK_CUR only, as seq_lseek). A file with a write handler takes writes as procfs's write
 * operations do: each write(2) call's bytes are handed over whole.
 */
public class GeneratedFile extends SyntheticNode {
    /** What a write(2) to the file does; throws the errno Linux gives for bad input. */
    @FunctionalInterface
    public interface WriteHandler {
        void write(byte[] data);
    }

    /** A write handler that also takes the file offset the write is at (*ppos). */
    @FunctionalInterface
    public interface PositionedWriteHandler extends WriteHandler {
        void write(byte[] data, long offset);

        @Override
        default void write(byte[] data) {
            write(data, 0);
        }
    }

    private final Supplier<byte[]> generator;
    private final WriteHandler writer;

    public GeneratedFile(SyntheticFileSystem fs, int permissions, Supplier<byte[]> generator) {
        this(fs, permissions, generator, null);
    }

    /** A file that also takes writes (permissions should then have write bits). */
    public GeneratedFile(SyntheticFileSystem fs, int permissions, Supplier<byte[]> generator, WriteHandler writer) {
        super(fs, StatMode.S_IFREG | permissions);
        this.generator = generator;
        this.writer = writer;
    }

    @Override
    public OpenFile open(int flags) {
        if ((flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY && writer == null) {
            throw Errno.EACCES.exception();
        }
        return new Snapshot(this, flags);
    }

    private static final class Snapshot extends PositionedFile {
        private final GeneratedFile file;
        private byte[] text;

        Snapshot(GeneratedFile file, int flags) {
            super(flags & (Fcntl.O_ACCMODE | Fcntl.O_NONBLOCK | Fcntl.O_LARGEFILE));
            this.file = file;
        }

        @Override
        public Inode inode() {
            return file;
        }

        private synchronized byte[] text() {
            if (text == null) {
                text = file.generator.get();
            }
            return text;
        }

        @Override
        public int pread(ByteBuffer dst, long offset) {
            requireReadable();
            byte[] t = text();
            if (offset < 0) {
                throw Errno.EINVAL.exception();
            }
            if (offset >= t.length) {
                return 0;
            }
            int n = (int) Math.min(dst.remaining(), t.length - offset);
            dst.put(t, (int) offset, n);
            return n;
        }

        /** seq_lseek: SEEK_SET and SEEK_CUR; back to 0 starts over with fresh text. */
        @Override
        public synchronized long seek(long offset, int whence) {
            long target = seekFromStart(offset, whence, false);
            if (target == 0) {
                text = null;
            }
            return target;
        }

        @Override
        public int pwrite(ByteBuffer src, long offset) {
            requireWritable();
            byte[] data = new byte[src.remaining()];
            src.get(data);
            if (file.writer instanceof PositionedWriteHandler positioned) {
                positioned.write(data, offset);
            } else {
                file.writer.write(data);
            }
            synchronized (this) {
                text = null;
            }
            return data.length;
        }
    }
}
