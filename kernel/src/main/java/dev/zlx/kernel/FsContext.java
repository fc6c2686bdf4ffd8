package dev.zlx.kernel;

import dev.zlx.vfs.Resolved;

/**
 * A process's file system context (Linux's fs_struct): its root, its working directory and
 * its umask. Shared by threads; guarded by its monitor.
 */
public final class FsContext {
    private Resolved root;
    private Resolved cwd;
    private int umask = 022;

    public FsContext(Resolved root, Resolved cwd) {
        this.root = root;
        this.cwd = cwd;
    }

    /** A copy for a child that does not share its parent's (fork without CLONE_FS). */
    public synchronized FsContext copy() {
        FsContext c = new FsContext(root, cwd);
        c.umask = umask;
        return c;
    }

    public synchronized Resolved root() {
        return root;
    }

    public synchronized Resolved cwd() {
        return cwd;
    }

    public synchronized void setCwd(Resolved cwd) {
        this.cwd = cwd;
    }

    public synchronized void setRoot(Resolved root) {
        this.root = root;
    }

    public synchronized int umask() {
        return umask;
    }

    /** Sets the umask and returns the previous one (umask(2)). */
    public synchronized int swapUmask(int mask) {
        int old = umask;
        umask = mask & 0777;
        return old;
    }

    /** The path of a canonical location as this process sees it (relative to its root). */
    public synchronized String guestPath(String canonical) {
        String r = root.path();
        if (r.equals("/")) {
            return canonical;
        }
        if (canonical.equals(r)) {
            return "/";
        }
        return canonical.startsWith(r + "/") ? canonical.substring(r.length()) : canonical;
    }
}
