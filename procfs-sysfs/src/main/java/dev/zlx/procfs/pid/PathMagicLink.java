package dev.zlx.procfs.pid;

import dev.zlx.abi.Errno;
import dev.zlx.kernel.Process;
import dev.zlx.vfs.MagicLink;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticSymlink;
import java.util.function.Supplier;

/**
 * /proc/PID/cwd, root and exe: followed by the path their text names, but magic links all the
 * same, so a scoped openat2 (RESOLVE_BENEATH, RESOLVE_IN_ROOT) refuses them with EXDEV and
 * RESOLVE_NO_MAGICLINKS with ELOOP, as Linux (proc_cwd_link and the like jump with nd_jump_link).
 * Reading or following one needs ptrace access to the process (proc_fd_access_allowed):
 * EACCES otherwise; lstat needs none and, as on Linux, shows size 0.
 */
public final class PathMagicLink extends SyntheticSymlink implements MagicLink {
    public PathMagicLink(SyntheticFileSystem fs, Process p, Supplier<String> target) {
        super(fs, () -> {
            GuardedFile.require(p, Errno.EACCES);
            return target.get();
        });
        ownedBy(PidOwner.of(p));
    }

    /** exe, cwd and root of p, in dir (/proc/PID or task/TID). */
    public static void addLinks(SyntheticDirectory dir, SyntheticFileSystem fs, Process p) {
        dir.add("exe", new PathMagicLink(fs, p, () -> p.image() == null ? null : p.image().exePath()));
        dir.add("cwd", new PathMagicLink(fs, p, () -> p.fs().guestPath(p.fs().cwd().path())));
        dir.add("root", new PathMagicLink(fs, p, () -> "/"));
    }

    @Override
    public boolean isDirect() {
        return false;
    }

    @Override
    protected long size() {
        return 0;
    }
}
