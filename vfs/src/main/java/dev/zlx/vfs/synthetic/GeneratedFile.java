package dev.zlx.vfs.synthetic;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * A read-only file whose text is generated from live state. Like Linux's seq_file, the text is
 * generated once per open description, at the first read, so a reader that takes it one byte
 * at a time sees one consistent snapshot, and lseek moves within it.
 */
public final class GeneratedFile extends SyntheticNode {
    private final Supplier<byte[]> generator;

    public GeneratedFile(SyntheticFileSystem fs, int permissions, Supplier<byte[]> generator) {
        super(fs, StatMode.S_IFREG | permissions);
        this.generator = generator;
    }

    @Override
    public OpenFile open(int flags) {
        if ((flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY) {
            throw Errno.EACCES.exception();
        }
        return new Snapshot(this, flags);
    }

    private static final class Snapshot extends OpenFile {
        private final GeneratedFile file;
        private byte[] text;
        private long position;

        Snapshot(GeneratedFile file, int flags) {
            super(flags & (Fcntl.O_ACCMODE | Fcntl.O_NONBLOCK | Fcntl.O_LARGEFILE));
            this.file = file;
        }

        @Override
        public Inode inode() {
            return file;
        }

        private byte[] text() {
            if (text == null) {
                text = file.generator.get();
            }
            return text;
        }

        @Override
        public int read(ByteBuffer dst) {
            int n = pread(dst, position);
            position += n;
            return n;
        }

        @Override
        public int pread(ByteBuffer dst, long offset) {
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

        @Override
        public long seek(long offset, int whence) {
            long target = switch (whence) {
                case Fcntl.SEEK_SET -> offset;
                case Fcntl.SEEK_CUR -> position + offset;
                case Fcntl.SEEK_END -> text().length + offset;
                default -> throw Errno.EINVAL.exception();
            };
            if (target < 0) {
                throw Errno.EINVAL.exception();
            }
            position = target;
            return target;
        }
    }
}
