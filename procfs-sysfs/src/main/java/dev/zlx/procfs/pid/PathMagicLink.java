package dev.zlx.procfs;

import dev.zlx.vfs.MagicLink;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticSymlink;
import java.util.function.Supplier;

/**
 * /proc/PID/cwd, root and exe: followed by the path their text names, but magic links all the
 * same, so a scoped openat2 (RESOLVE_BENEATH, RESOLVE_IN_ROOT) refuses them with EXDEV and
 * RESOLVE_NO_MAGICLINKS with ELOOP, as Linux (proc_cwd_link and the like jump with nd_jump_link).
 */
final class PathMagicLink extends SyntheticSymlink implements MagicLink {
    PathMagicLink(SyntheticFileSystem fs, Supplier<String> target) {
        super(fs, target);
    }

    @Override
    public boolean isDirect() {
        return false;
    }
}
