package dev.zlx.procfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.StatMode;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.mm.Vma;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.MagicLink;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.synthetic.GeneratedFile;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** /proc/PID: the files that describe one process. */
final class PidDirectory extends SyntheticDirectory {
    PidDirectory(SyntheticFileSystem fs, Process p) {
        super(fs, 0555);
        add("exe", new PathMagicLink(fs, () -> p.image() == null ? null : p.image().exePath()));
        add("cwd", new PathMagicLink(fs, () -> p.fs().guestPath(p.fs().cwd().path())));
        add("root", new PathMagicLink(fs, () -> "/"));
        add("cmdline", new GeneratedFile(fs, 0444, () -> nulJoined(p.image() == null ? List.of() : p.image().argv())));
        add("environ", new GeneratedFile(fs, 0400, () -> nulJoined(p.image() == null ? List.of() : p.image().envp())));
        add("comm", new GeneratedFile(fs, 0644, () -> (p.comm() + "\n").getBytes(StandardCharsets.UTF_8)));
        add("maps", new GeneratedFile(fs, 0444, () -> maps(p)));
        add("fd", new FdDirectory(fs, p));
    }

    private static byte[] nulJoined(List<String> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : items) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    /** The maps format of fs/proc/task_mmu.c: range, perms, offset, dev, inode, name. */
    static byte[] maps(Process p) {
        StringBuilder sb = new StringBuilder();
        if (p.mm() == null) {
            return new byte[0];
        }
        for (Vma v : p.mm().vmas()) {
            String line = String.format("%08x-%08x %c%c%c%c %08x %02x:%02x %d", v.start(), v.end(),
                    (v.prot() & 1) != 0 ? 'r' : '-', (v.prot() & 2) != 0 ? 'w' : '-', (v.prot() & 4) != 0 ? 'x' : '-',
                    v.shared() ? 's' : 'p', v.file() == null ? 0 : v.fileOffset(),
                    v.file() == null ? 0 : dev.zlx.abi.FileStat.major(v.file().dev()),
                    v.file() == null ? 0 : dev.zlx.abi.FileStat.minor(v.file().dev()),
                    v.file() == null ? 0 : v.file().ino());
            sb.append(line);
            if (v.name() != null) {
                sb.append(" ".repeat(Math.max(1, 73 - line.length()))).append(v.name());
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** /proc/PID/fd: one symlink per open descriptor, naming what it refers to. */
    private static final class FdDirectory extends SyntheticDirectory {
        private final Process p;
        private final SyntheticFileSystem fs;

        FdDirectory(SyntheticFileSystem fs, Process p) {
            super(fs, 0500);
            this.p = p;
            this.fs = fs;
        }

        @Override
        protected List<String> dynamicNames() {
            return p.fds().openDescriptors().stream().map(String::valueOf).toList();
        }

        @Override
        protected Inode dynamicLookup(String name) {
            if (!name.matches("0|[1-9][0-9]{0,9}")) {
                return null;
            }
            int fd = Integer.parseInt(name);
            if (!p.fds().openDescriptors().contains(fd)) {
                return null;
            }
            return new FdLink(fs, p, fd);
        }

        /** Whether a file (not a directory) lost its last name while open: d_path's " (deleted)". */
        static boolean unlinked(OpenFile f) {
            if (f.nameless()) {
                return true; // O_TMPFILE: its dentry never had a name, even after linkat
            }
            try {
                var st = f.stat();
                return st.nlink() == 0 && (st.mode() & StatMode.S_IFMT) != StatMode.S_IFDIR;
            } catch (RuntimeException gone) {
                return false;
            }
        }

        static String describe(Process p, int fd) {
            OpenFile f;
            try {
                f = p.fds().get(fd);
            } catch (RuntimeException closed) {
                return null;
            }
            if (f.location() != null) {
                String path = p.fs().guestPath(f.location().path());
                return unlinked(f) ? path + " (deleted)" : path;
            }
            var st = f.stat();
            return switch (st.mode() & StatMode.S_IFMT) {
                case StatMode.S_IFIFO -> "pipe:[" + st.ino() + "]";
                case StatMode.S_IFSOCK -> "socket:[" + st.ino() + "]";
                default -> "anon_inode:" + f.anonymousName();
            };
        }
    }

    /**
     * /proc/PID/fd/N: its text names the file; for objects without a path (pipes, the
     * terminal) opening it reaches the open file itself. Deviation: Linux opens a new
     * description of the same object; zlx shares the existing one.
     */
    private static final class FdLink extends SyntheticNode implements MagicLink {
        private final Process p;
        private final int fd;

        FdLink(SyntheticFileSystem fs, Process p, int fd) {
            super(fs, StatMode.S_IFLNK | 0700);
            this.p = p;
            this.fd = fd;
        }

        private OpenFile file() {
            return p.fds().get(fd);
        }

        /** Objects without a path, and unlinked files (a memfd), are reached through the description. */
        @Override
        public boolean isDirect() {
            try {
                return file().location() == null || FdDirectory.unlinked(file());
            } catch (RuntimeException closed) {
                return false;
            }
        }

        @Override
        public String readlink() {
            String text = FdDirectory.describe(p, fd);
            if (text == null) {
                throw Errno.ENOENT.exception();
            }
            return text;
        }

        @Override
        public OpenFile open(int flags) {
            return file().retain();
        }

        @Override
        public OpenFile description() {
            try {
                return file();
            } catch (RuntimeException closed) {
                return null;
            }
        }

        @Override
        public dev.zlx.abi.FileStat stat() {
            // Followed, the link is the object it reaches; the walk only stops here when direct.
            return isDirect() ? file().stat() : super.stat();
        }
    }
}
