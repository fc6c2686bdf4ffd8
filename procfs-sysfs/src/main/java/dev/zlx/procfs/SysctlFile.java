package dev.zlx.procfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.PositionedFile;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A file of /proc/sys as proc_sys_call_handler serves it: each read(2) and write(2) calls the
 * sysctl's handler afresh at the file position, with no snapshot (it is not a seq_file). A
 * number (proc_dointvec and kin) is read only from position 0, where a short read truncates it;
 * a read elsewhere finds the end. A string (proc_dostring) reads from the position. A write at
 * a position other than 0 is ignored by a number (sysctl_writes_strict) and continues a string
 * there (its first position bytes stay); past the string's end it does nothing. An ignored write
 * still returns its whole count, as Linux's does; an empty write changes nothing. A number takes
 * one value: what follows it and its white space is not taken (a short write).
 */
final class SysctlFile extends SyntheticNode {
    private final boolean number;
    private final Supplier<String> text;
    private final Consumer<String> writer;

    /** text: the whole text with its newline, made per call; writer null for a read-only sysctl. */
    SysctlFile(SyntheticFileSystem fs, int permissions, boolean number, Supplier<String> text, Consumer<String> writer) {
        super(fs, StatMode.S_IFREG | permissions);
        this.number = number;
        this.text = text;
        this.writer = writer;
    }

    @Override
    public OpenFile open(int flags) {
        // proc_sys_permission applies the mode to root as well: no write bit, no writing.
        if ((flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY && writer == null) {
            throw Errno.EACCES.exception();
        }
        return new Handle(flags);
    }

    private final class Handle extends PositionedFile {
        Handle(int flags) {
            super(flags & (Fcntl.O_ACCMODE | Fcntl.O_NONBLOCK | Fcntl.O_LARGEFILE));
        }

        @Override
        public Inode inode() {
            return SysctlFile.this;
        }

        @Override
        public int pread(ByteBuffer dst, long offset) {
            requireReadable();
            if (offset < 0) {
                throw Errno.EINVAL.exception();
            }
            if (dst.remaining() == 0 || (number && offset != 0)) {
                return 0;
            }
            byte[] t = text.get().getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.max(0, Math.min(dst.remaining(), t.length - offset));
            dst.put(t, (int) Math.min(offset, t.length), n);
            return n;
        }

        @Override
        public int pwrite(ByteBuffer src, long offset) {
            requireWritable();
            if (offset < 0) {
                throw Errno.EINVAL.exception();
            }
            byte[] data = new byte[src.remaining()];
            src.get(data);
            String written = new String(data, StandardCharsets.UTF_8);
            // An ignored write still counts as taken: the handler leaves *lenp as it was.
            if (data.length == 0 || (number && offset != 0)) {
                return data.length;
            }
            if (offset != 0) {
                byte[] old = text.get().getBytes(StandardCharsets.UTF_8);
                if (offset > old.length - 1) { // past the string, without its newline
                    return data.length;
                }
                written = new String(old, 0, (int) offset, StandardCharsets.UTF_8) + written;
            }
            writer.accept(written);
            return number ? consumed(data) : data.length;
        }

        /**
         * What a one-value numeric sysctl takes of a write (__do_proc_dointvec's *lenp): white
         * space, the number and the white space after it; the rest is left, a short write.
         */
        private static int consumed(byte[] data) {
            int i = 0;
            while (i < data.length && isSpace(data[i])) {
                i++;
            }
            while (i < data.length && !isSpace(data[i])) {
                i++;
            }
            while (i < data.length && isSpace(data[i])) {
                i++;
            }
            return i;
        }

        private static boolean isSpace(byte b) {
            return b == ' ' || (b >= '\t' && b <= '\r');
        }

        /** default_llseek: anywhere from 0, the end being 0 (the size stat shows). */
        @Override
        public long seek(long offset, int whence) {
            return seekFromStart(offset, whence, true);
        }
    }
}
