package dev.zlx.vfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.MountFlags;
import dev.zlx.abi.OpenHow;
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
 * openat2(2)'s RESOLVE_* flags ({@link OpenHow}) restrict a walk further.
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
        return resolve(root, start, path, followLast, 0);
    }

    /** {@link #resolve(Resolved, Resolved, String, boolean)} under openat2's RESOLVE_* flags. */
    public Resolved resolve(Resolved root, Resolved start, String path, boolean followLast, int resolveFlags) {
        return resolve(root, start, path, followLast, resolveFlags, SearchPermission.ANY);
    }

    /** A walk that asks permission before it searches each directory. */
    public Resolved resolve(Resolved root, Resolved start, String path, boolean followLast, int resolveFlags,
            SearchPermission permission) {
        checkPath(path);
        Walk walk = walk(root, start, path, resolveFlags, permission);
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
        return resolveParent(root, start, path, 0);
    }

    /** {@link #resolveParent(Resolved, Resolved, String)} under openat2's RESOLVE_* flags. */
    public ParentResolved resolveParent(Resolved root, Resolved start, String path, int resolveFlags) {
        return resolveParent(root, start, path, resolveFlags, SearchPermission.ANY);
    }

    /** A parent walk that asks permission before it searches each directory. */
    public ParentResolved resolveParent(Resolved root, Resolved start, String path, int resolveFlags,
            SearchPermission permission) {
        checkPath(path);
        boolean trailingSlash = path.endsWith("/");
        Deque<String> pending = split(path);
        Walk walk = walk(root, start, path, resolveFlags, permission);
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

    /**
     * A walk from root or start: RESOLVE_IN_ROOT makes start the root; RESOLVE_BENEATH refuses
     * an absolute path (EXDEV).
     */
    private Walk walk(Resolved root, Resolved start, String path, int resolveFlags, SearchPermission permission) {
        if ((resolveFlags & OpenHow.RESOLVE_IN_ROOT) != 0) {
            root = start;
        }
        boolean absolute = path.startsWith("/");
        if (absolute && (resolveFlags & OpenHow.RESOLVE_BENEATH) != 0) {
            throw Errno.EXDEV.exception();
        }
        return new Walk(root, absolute ? root : start, resolveFlags, permission);
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
        private final int flags;
        private final SearchPermission permission;

        Walk(Resolved root, Resolved start, int flags, SearchPermission permission) {
            this.root = root;
            this.flags = flags;
            this.permission = permission;
            stack.add(start);
        }

        private boolean has(int flag) {
            return (flags & flag) != 0;
        }

        /** Moving from one object to another that lies on another mount: refused with NO_XDEV. */
        private void crossing(Resolved from, Resolved to) {
            if (has(OpenHow.RESOLVE_NO_XDEV) && from.mount() != to.mount()) {
                throw Errno.EXDEV.exception();
            }
        }

        /**
         * Climbs one level, never above the root; frames below the start are rebuilt lazily.
         * With RESOLVE_BENEATH the start is as high as the walk may go (EXDEV above it).
         */
        private void climb() {
            Resolved cur = current();
            if (cur.path().equals(root.path())) {
                return;
            }
            if (has(OpenHow.RESOLVE_BENEATH) && stack.size() == 1) {
                throw Errno.EXDEV.exception();
            }
            if (stack.size() > 1) {
                stack.remove(stack.size() - 1);
                crossing(cur, current());
                return;
            }
            // The start directory's parents were not walked: rebuild them from the root. The
            // path is canonical, so the rebuild meets no symlinks and no dots. A start outside
            // the root (a working directory that chroot left out) climbs toward the top of the
            // tree instead, as follow_dotdot never meets the root on that way; "/" is the top.
            if (cur.path().equals("/")) {
                return;
            }
            Resolved base = MountTable.isAtOrUnder(cur.path(), root.path()) ? root : rootOfTree();
            String parent = cur.path().substring(0, cur.path().lastIndexOf('/'));
            String rel = parent.substring(Math.min(parent.length(), base.path().length()));
            Resolved p = base;
            for (String name : split(rel)) {
                p = child(p, name, false);
            }
            crossing(cur, p);
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
                    permission.checkSearch(cur.inode());
                    climb();
                    continue;
                }
                Resolved next = child(cur, name, true);
                boolean last = pending.isEmpty();
                if (last && next.inode() instanceof MagicLink magic && magic.isDirect()) {
                    if (followLast) {
                        followingMagicLink();
                        stack.add(next);
                    } else {
                        stack.add(new Resolved(next.path(), magic.unfollowed(), next.mount()));
                    }
                    continue;
                }
                if ((!last || followLast) && next.inode().isSymlink()) {
                    if (has(OpenHow.RESOLVE_NO_SYMLINKS) || ++symlinks > MAX_SYMLINKS
                            || next.mount().has(MountFlags.MS_NOSYMFOLLOW)) {
                        throw Errno.ELOOP.exception();
                    }
                    if (next.inode() instanceof MagicLink) {
                        followingMagicLink();
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
                        if (has(OpenHow.RESOLVE_BENEATH)) {
                            throw Errno.EXDEV.exception();
                        }
                        crossing(cur, root);
                        stack.clear();
                        stack.add(root);
                    }
                    continue;
                }
                stack.add(next);
            }
        }

        /**
         * A magic link is about to be followed: ELOOP with RESOLVE_NO_MAGICLINKS or
         * RESOLVE_NO_SYMLINKS, EXDEV in a scoped walk (BENEATH, IN_ROOT), as nd_jump_link.
         */
        private void followingMagicLink() {
            if (has(OpenHow.RESOLVE_NO_MAGICLINKS | OpenHow.RESOLVE_NO_SYMLINKS)) {
                throw Errno.ELOOP.exception();
            }
            if (has(OpenHow.RESOLVE_BENEATH | OpenHow.RESOLVE_IN_ROOT)) {
                throw Errno.EXDEV.exception();
            }
        }

        /** The entry name of dir; entering a mount on it is a crossing when checked is set. */
        private Resolved child(Resolved dir, String name, boolean checked) {
            if (!dir.inode().isDirectory()) {
                throw Errno.ENOTDIR.exception();
            }
            if (checked) {
                permission.checkSearch(dir.inode());
            }
            String path = dir.path().equals("/") ? "/" + name : dir.path() + "/" + name;
            Mount covering = mounts.mountedAt(path);
            if (covering != null) {
                if (checked && has(OpenHow.RESOLVE_NO_XDEV)) {
                    throw Errno.EXDEV.exception();
                }
                return new Resolved(path, covering.fileSystem().root(), covering);
            }
            return new Resolved(path, dir.inode().lookup(name), dir.mount());
        }
    }
}
