package dev.zlx.procfs.pid;

import dev.zlx.abi.Fcntl;
import dev.zlx.kernel.Process;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticNode;
import java.nio.charset.StandardCharsets;

/** /proc/PID/fdinfo/N: seq_show's pos, flags, mnt_id and ino, then the file's own lines. */
final class FdInfo {
    /**
     * The mnt_id of objects that live on no guest mount (pipes, sockets, anonymous inodes):
     * Linux's internal pipefs/sockfs/anon_inodefs mounts have small ids below every real one.
     */
    static final int INTERNAL_MOUNT_ID = 15;

    private FdInfo() {
    }

    static SyntheticNode file(SyntheticFileSystem fs, Process p, int fd) {
        return new GuardedFile(fs, p, 0444, () -> text(p, fd)); // proc_fdinfo_access_allowed
    }

    static byte[] text(Process p, int fd) {
        OpenFile f;
        boolean cloexec;
        try {
            f = p.fds().get(fd);
            cloexec = p.fds().closeOnExec(fd);
        } catch (RuntimeException closed) {
            return new byte[0];
        }
        long pos;
        try {
            pos = f.seek(0, Fcntl.SEEK_CUR);
        } catch (RuntimeException unseekable) {
            pos = 0;
        }
        int flags = f.statusFlags() | (cloexec ? Fcntl.O_CLOEXEC : 0);
        int mntId = f.location() != null && f.location().mount() != null ? f.location().mount().id() : INTERNAL_MOUNT_ID;
        String text = "pos:\t" + pos + "\nflags:\t0" + Integer.toOctalString(flags) + "\nmnt_id:\t" + mntId
                + "\nino:\t" + f.stat().ino() + "\n" + f.fdinfo();
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
