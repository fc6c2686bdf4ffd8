package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.abi.KernelLimits;
import dev.zlx.abi.Namespaces;
import dev.zlx.abi.UserNamespaces;

/**
 * A user namespace (kernel/user_namespace.c): a nested view of the user and group ids, with
 * the maps that say which kernel ids its ids are. Kernel ids are what zlx stores (credentials,
 * file owners); ids cross the syscall boundary through the caller's namespace ({@link #uidOf},
 * {@link #kernelUid} and the gid forms). The initial namespace maps every id to itself; a new
 * one maps nothing until its uid_map and gid_map are written, once each.
 */
public final class UserNamespace {
    /** The namespace every process starts in. */
    public static final UserNamespace INITIAL = new UserNamespace();
    /** userns_state_mutex: map and setgroups writes of all namespaces, one at a time. */
    private static final Object STATE_LOCK = new Object();

    private final UserNamespace parent;
    private final int level;
    /** The creator's effective ids (kernel ids): the owner has every capability in the namespace. */
    private final int owner;
    private final int group;
    private final long inum;
    /** Whether the creator held CAP_SETFCAP, which a map of the parent's id 0 requires. */
    private final boolean parentCouldSetfcap;
    private volatile IdMap uidMap;
    private volatile IdMap gidMap;
    /** USERNS_SETGROUPS_ALLOWED: inherited from the parent; "deny" clears it for good. */
    private volatile boolean setgroupsAllowed;

    private UserNamespace() {
        this.parent = null;
        this.level = 0;
        this.owner = 0;
        this.group = 0;
        this.inum = Namespaces.PROC_USER_INIT_INO;
        this.parentCouldSetfcap = true;
        this.uidMap = IdMap.IDENTITY;
        this.gidMap = IdMap.IDENTITY;
        this.setgroupsAllowed = true;
    }

    private UserNamespace(UserNamespace parent, Credentials creator) {
        this.parent = parent;
        this.level = parent.level + 1;
        this.owner = creator.euid();
        this.group = creator.egid();
        this.inum = NamespaceInums.next();
        this.parentCouldSetfcap = creator.capEffective();
        this.uidMap = IdMap.EMPTY;
        this.gidMap = IdMap.EMPTY;
        this.setgroupsAllowed = parent.setgroupsAllowed;
    }

    /**
     * create_user_ns: a child of the creator's namespace, owned by its effective ids. ENOSPC
     * past 32 levels (EUSERS before Linux 4.9); EPERM for a chrooted creator or one whose ids
     * have no mapping there.
     */
    static UserNamespace create(Credentials creator, boolean chrooted) {
        UserNamespace parent = creator.userNs();
        if (parent.level > UserNamespaces.MAX_PARENT_LEVEL) {
            throw Errno.ENOSPC.exception();
        }
        if (chrooted || parent.uidMap.up(Integer.toUnsignedLong(creator.euid())) == IdMap.INVALID
                || parent.gidMap.up(Integer.toUnsignedLong(creator.egid())) == IdMap.INVALID) {
            throw Errno.EPERM.exception();
        }
        return new UserNamespace(parent, creator);
    }

    /** The calling task's namespace (a /proc reader's), or the initial one outside any task. */
    public static UserNamespace current() {
        Task t = Task.current();
        return t == null ? INITIAL : t.process().credentials().userNs();
    }

    public UserNamespace parent() {
        return parent;
    }

    public int level() {
        return level;
    }

    /** The owner's kernel uid. */
    public int owner() {
        return owner;
    }

    public int group() {
        return group;
    }

    /** Its inode number, as /proc/PID/ns/user names it. */
    public long inum() {
        return inum;
    }

    public IdMap uidMap() {
        return uidMap;
    }

    public IdMap gidMap() {
        return gidMap;
    }

    /** make_kuid: the kernel uid of an id of this namespace, or {@link IdMap#INVALID}. */
    public long kernelUid(long uid) {
        return uidMap.down(uid);
    }

    public long kernelGid(long gid) {
        return gidMap.down(gid);
    }

    /** from_kuid_munged: the id this namespace sees for a kernel uid, overflowuid if none. */
    public int uidOf(int kuid) {
        return munged(uidMap.up(Integer.toUnsignedLong(kuid)));
    }

    public int gidOf(int kgid) {
        return munged(gidMap.up(Integer.toUnsignedLong(kgid)));
    }

    private static int munged(long id) {
        return id == IdMap.INVALID ? KernelLimits.OVERFLOW_ID : (int) id;
    }

    /** from_kuid: the id this namespace sees for a kernel uid, or {@link IdMap#INVALID}. */
    public long uidOrInvalid(int kuid) {
        return uidMap.up(Integer.toUnsignedLong(kuid));
    }

    public long gidOrInvalid(int kgid) {
        return gidMap.up(Integer.toUnsignedLong(kgid));
    }

    /** userns_may_setgroups: the gid map is written and setgroups was not denied. */
    public boolean maySetgroups() {
        synchronized (STATE_LOCK) {
            return !gidMap.isEmpty() && setgroupsAllowed;
        }
    }

    /** What /proc/PID/setgroups shows. */
    public String setgroupsText() {
        return (setgroupsAllowed ? UserNamespaces.SETGROUPS_ALLOW : UserNamespaces.SETGROUPS_DENY) + "\n";
    }

    /**
     * uid_m_show and gid_m_show: the map as a process of the namespace reader sees it, each
     * extent's lower id in the reader's parent's terms when the reader is inside, else in its own.
     */
    public String showMap(boolean uids, UserNamespace reader) {
        UserNamespace lowerNs = reader == this && parent != null ? parent : reader;
        IdMap lowerMap = uids ? lowerNs.uidMap : lowerNs.gidMap;
        return (uids ? uidMap : gidMap).show(lowerMap::up);
    }

    /**
     * proc_setgroups_write: "allow" or "deny" (white space after it allowed) in one write at
     * offset 0 of fewer than 8 bytes; "deny" is for good and only before the gid map is written.
     * The writer needs CAP_SYS_ADMIN over the namespace (Linux asks it at open: EACCES).
     */
    public void writeSetgroups(byte[] data, long offset, Credentials writer) {
        if (!Privilege.capable(writer, this)) {
            throw Errno.EACCES.exception();
        }
        if (offset != 0 || data.length >= UserNamespaces.SETGROUPS_WRITE_MAX) {
            throw Errno.EINVAL.exception();
        }
        String s = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
        int nul = s.indexOf('\0');
        if (nul >= 0) {
            s = s.substring(0, nul);
        }
        boolean allow;
        if (s.startsWith(UserNamespaces.SETGROUPS_ALLOW)) {
            allow = true;
            s = s.substring(UserNamespaces.SETGROUPS_ALLOW.length());
        } else if (s.startsWith(UserNamespaces.SETGROUPS_DENY)) {
            allow = false;
            s = s.substring(UserNamespaces.SETGROUPS_DENY.length());
        } else {
            throw Errno.EINVAL.exception();
        }
        if (!s.chars().allMatch(c -> c == ' ' || (c >= '\t' && c <= '\r'))) {
            throw Errno.EINVAL.exception();
        }
        synchronized (STATE_LOCK) {
            if (allow ? !setgroupsAllowed : !gidMap.isEmpty()) {
                throw Errno.EPERM.exception();
            }
            setgroupsAllowed = allow;
        }
    }

    /**
     * proc_uid_map_write / proc_gid_map_write and map_write: the whole map in one write at
     * offset 0, once. The writer must live in this namespace or its parent and hold
     * CAP_SYS_ADMIN over this one; then either it holds CAP_SETUID (CAP_SETGID) over the parent,
     * or it is the owner mapping only its own effective id (for gids, after setgroups "deny").
     * Every outside id must be mapped in the parent; the map keeps their kernel ids.
     */
    public void writeMap(boolean uids, byte[] data, long offset, Credentials writer) {
        UserNamespace writerNs = writer.userNs();
        if (parent == null || (writerNs != this && writerNs != parent)) {
            throw Errno.EPERM.exception();
        }
        if (offset != 0 || data.length >= UserNamespaces.MAP_WRITE_MAX) {
            throw Errno.EINVAL.exception();
        }
        synchronized (STATE_LOCK) {
            if (!(uids ? uidMap : gidMap).isEmpty() || !Privilege.capable(writer, this)) {
                throw Errno.EPERM.exception();
            }
            IdMap parsed = IdMap.parse(data);
            if (!permitted(uids, parsed, writer)) {
                throw Errno.EPERM.exception();
            }
            IdMap parentMap = uids ? parent.uidMap : parent.gidMap;
            java.util.List<IdMap.Extent> kernel = new java.util.ArrayList<>();
            for (IdMap.Extent e : parsed.extents()) {
                long lower = parentMap.rangeDown(e.lower(), e.count());
                if (lower == IdMap.INVALID) {
                    throw Errno.EPERM.exception();
                }
                kernel.add(new IdMap.Extent(e.first(), lower, e.count()));
            }
            IdMap map = new IdMap(kernel);
            if (uids) {
                uidMap = map;
            } else {
                gidMap = map;
            }
        }
    }

    /** new_idmap_permitted (with verify_root_map for uid maps). */
    private boolean permitted(boolean uids, IdMap map, Credentials writer) {
        if (uids && mapsParentRoot(map) && !(writer.userNs() == this ? parentCouldSetfcap
                : Privilege.capable(writer, parent))) {
            return false;
        }
        var extents = map.extents();
        if (extents.size() == 1 && extents.get(0).count() == 1 && owner == writer.euid()) {
            long id = extents.get(0).lower();
            if (uids && parent.kernelUid(id) == Integer.toUnsignedLong(writer.euid())) {
                return true;
            }
            if (!uids && !setgroupsAllowed && parent.kernelGid(id) == Integer.toUnsignedLong(writer.egid())) {
                return true;
            }
        }
        return Privilege.capable(writer, parent);
    }

    /** verify_root_map's question: does some line map the parent's id 0. */
    private static boolean mapsParentRoot(IdMap map) {
        for (IdMap.Extent e : map.extents()) {
            if (e.lower() == 0) {
                return true;
            }
        }
        return false;
    }
}
