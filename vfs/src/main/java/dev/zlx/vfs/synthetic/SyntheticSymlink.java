package dev.zlx.vfs.synthetic;

import dev.zlx.abi.Errno;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.OpenFile;
import java.util.function.Supplier;

/** A symlink whose target is computed when read (/proc/self, /proc/PID/exe). */
public class SyntheticSymlink extends SyntheticNode {
    private final Supplier<String> target;

    public SyntheticSymlink(SyntheticFileSystem fs, Supplier<String> target) {
        super(fs, StatMode.S_IFLNK | 0777);
        this.target = target;
    }

    @Override
    public String readlink() {
        String t = target.get();
        if (t == null) {
            throw Errno.ENOENT.exception();
        }
        return t;
    }

    @Override
    protected long size() {
        String t = target.get();
        return t == null ? 0 : t.length();
    }

    @Override
    public OpenFile open(int flags) {
        // The walker follows symlinks before opening; reaching here means O_NOFOLLOW.
        throw Errno.ELOOP.exception();
    }
}
