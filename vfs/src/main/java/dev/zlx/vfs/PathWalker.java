package dev.zlx.vfs;

import dev.zlx.abi.Errno;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves guest paths to inodes, as Linux's path walk (fs/namei.c) does: component by
 * component from the root or a start directory, "." and ".." on the canonical path, symlinks
 * read and resolved inside the guest's tree (absolute targets from the guest's root, at most
 * {@value #MAX_SYMLINKS} of them), mount points crossed in both directions. ".." at the root
 * stays at the root, which is what confines the guest: no walk leaves the tree of its root.
 */
public final class PathWalker {
    /** Linux's MAXSYMLINKS. */
    public static final int MAX_SYMLINKS = 40;
    /** Linux's PATH_MAX, including the terminating NUL. */
    public static final int PATH_MAX = 4096;
    /** Linux's NAME_MAX. */
    public static final int NAME_MAX = 255;

    private final MountTable mounts;

    public PathWalker(MountTable mounts) {
        this.mounts = mounts;
    }

    /**
     * Resolves path: absolute paths from root, relative ones from start. Follows a final
     * symlink only when followLast is set (or the path ends in "/").
     */
    public Resolved resolve(Resolved root, Resolved start, String path, boolean followLast) {
        checkPath(path);
        Walk walk = new Walk(root, path.startsWith("/") ? root : start);
        boolean trailingSlash = path.endsWith("/");
        Deque<String> pending = split(path);
        walk.run(pending, followLast || trailingSlash);
        Resolved result = walk.current();
        if ((trailingSlash || walk.mustBeDirectory) && !result.inode().isDirectory()) {
            throw Errno.ENOTDIR.exception();
        }
        return result;
    }

    /** Resolves all but the last component of path, for calls that create or remove that one. */
    public ParentResolved resolveParent(Resolved root, Resolved start, String path) {
        checkPath(path);
        boolean trailingSlash = path.endsWith("/");
        Deque<String> pending = split(path);
        Walk walk = new Walk(root, path.startsWith("/") ? root : start);
        if (pending.isEmpty()) {
            return new ParentResolved(walk.current(), ".", true);
        }
        String last = pending.removeLast();
        walk.run(pending, true);
        Resolved dir = walk.current();
        if (!dir.inode().isDirectory()) {
            throw Errno.ENOTDIR.exception();
        }
        return new ParentResolved(dir, last, trailingSlash);
    }

    /** The object at a canonical path (no symlinks or dots in it), from the mounts' roots. */
    public Resolved resolveCanonical(String canonicalPath) {
        Resolved root = rootOfTree();
        return resolve(root, root, canonicalPath, false);
    }

    /** The root of the whole tree: the root of the mount at "/". */
    public Resolved rootOfTree() {
        Mount m = mounts.mountOf("/");
        return new Resolved("/", m.fileSystem().root(), m);
    }

    private static void checkPath(String path) {
        if (path.isEmpty()) {
            throw Errno.ENOENT.exception();
        }
        if (utf8Length(path) >= PATH_MAX) {
            throw Errno.ENAMETOOLONG.exception();
        }
    }

    private static Deque<String> split(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                if (utf8Length(s) > NAME_MAX) {
                    throw Errno.ENAMETOOLONG.exception();
                }
                parts.add(s);
            }
        }
        return parts;
    }

    /** The length of s in the guest's memory, where paths are UTF-8 bytes. */
    private static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // A surrogate is half of a 4-byte character.
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    /** One walk in progress: the stack of directories from the root to the current object. */
    private final class Walk {
        private final List<Resolved> stack = new ArrayList<>();
        private int symlinks;
        /** Set when a final symlink's text ended in "/": the object must be a directory. */
        private boolean mustBeDirectory;

        private final Resolved root;

        Walk(Resolved root, Resolved start) {
            this.root = root;
            stack.add(start);
        }

        /** Climbs one level, never above the root; frames below the start are rebuilt lazily. */
        private void climb() {
            Resolved cur = current();
            if (cur.path().equals(root.path())) {
                return;
            }
            if (stack.size() > 1) {
                stack.remove(stack.size() - 1);
                return;
            }
            // The start directory's parents were not walked: rebuild them from the root. The
            // path is canonical, so the rebuild meets no symlinks and no dots.
            String parent = cur.path().substring(0, cur.path().lastIndexOf('/'));
            String rel = parent.substring(Math.min(parent.length(), root.path().length()));
            Resolved p = root;
            for (String name : split(rel)) {
                p = child(p, name);
            }
            stack.set(0, p);
        }

        Resolved current() {
            return stack.get(stack.size() - 1);
        }

        void run(Deque<String> pending, boolean followLast) {
            while (!pending.isEmpty()) {
                String name = pending.removeFirst();
                Resolved cur = current();
                if (name.equals(".")) {
                    if (!cur.inode().isDirectory()) {
                        throw Errno.ENOTDIR.exception();
                    }
                    continue;
                }
                if (name.equals("..")) {
                    if (!cur.inode().isDirectory()) {
                        throw Errno.ENOTDIR.exception();
                    }
                    climb();
                    continue;
                }
                Resolved next = child(cur, name);
                boolean last = pending.isEmpty();
                if (last && next.inode() instanceof MagicLink magic && magic.isDirect()) {
                    stack.add(next);
                    continue;
                }
                if ((!last || followLast) && next.inode().isSymlink()) {
                    if (++symlinks > MAX_SYMLINKS) {
                        throw Errno.ELOOP.exception();
                    }
                    String target = next.inode().readlink();
                    if (target.isEmpty()) {
                        throw Errno.ENOENT.exception();
                    }
                    mustBeDirectory |= last && target.endsWith("/");
                    Deque<String> expanded = split(target);
                    for (var it = expanded.descendingIterator(); it.hasNext(); ) {
                        pending.addFirst(it.next());
                    }
                    if (target.startsWith("/")) {
                        stack.clear();
                        stack.add(root);
                    }
                    continue;
                }
                stack.add(next);
            }
        }

        private Resolved child(Resolved dir, String name) {
            if (!dir.inode().isDirectory()) {
                throw Errno.ENOTDIR.exception();
            }
            String path = dir.path().equals("/") ? "/" + name : dir.path() + "/" + name;
            Mount covering = mounts.mountedAt(path);
            if (covering != null) {
                return new Resolved(path, covering.fileSystem().root(), covering);
            }
            return new Resolved(path, dir.inode().lookup(name), dir.mount());
        }
    }
}
