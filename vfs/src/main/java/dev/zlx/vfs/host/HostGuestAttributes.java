package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.StatMode;
import dev.zlx.abi.Xattr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the guest sets on a hostfs file that the host file cannot hold as its own: the owner,
 * group and mode ({@link HostOverride}) and the trusted.* and security.* attributes, which the
 * user running zlx may not set on the host. They go into host "user." attributes
 * ({@link HostOverride#XATTR}, "user.zlx.trusted.NAME", "user.zlx.security.NAME"), which the
 * guest never sees under those names; where the host refuses them (a file system without user
 * attributes, a symlink, which Linux never gives user attributes) they are kept in memory for
 * the run, by host device and inode number.
 */
final class HostGuestAttributes {
    /** The host prefix of the guest's trusted.* and security.* attributes. */
    static final String HIDDEN_PREFIX = "user.zlx.";

    private final Map<HostFileKey, HostOverride> overrides = new ConcurrentHashMap<>();
    private final Map<HostFileKey, Map<String, byte[]>> xattrs = new ConcurrentHashMap<>();

    /** Whether the guest name is zlx's bookkeeping, which the guest may neither see nor change. */
    static boolean hidden(String name) {
        return name.equals(HostOverride.XATTR) || name.startsWith(HIDDEN_PREFIX);
    }

    /** The host attribute that holds a guest attribute of another namespace than user.*. */
    private static String hostName(String name) {
        return name.startsWith(Xattr.USER_PREFIX) ? name : HIDDEN_PREFIX + name;
    }

    /**
     * Overrides read from host attributes, by file, with the ctime they were read at: a change of
     * the attribute changes the ctime, so an entry whose ctime still matches is current, and a
     * path walk does not read the attribute of each component again. Bounded: cleared when full.
     * checkedAt (System.nanoTime()) is when a host call last found it current, for listings
     * ({@link #listedType}).
     */
    private record Read(long ctimeNanos, HostOverride override, long checkedAt) {
    }

    private static final int READ_CACHE_MAX = 1 << 16;
    private final Map<HostFileKey, Read> reads = new ConcurrentHashMap<>();
    /** Whether a host file had an override when read ({@link #keepsAny}). */
    private volatile boolean readAnOverride;

    /** The override of a host file (host its lstat; xattrPath names it), or null. */
    HostOverride override(String xattrPath, boolean follow, FileStat host) {
        return override(xattrPath, follow, HostFileKey.of(host), host.mode(),
                host.ctimeSec() * 1_000_000_000L + host.ctimeNsec());
    }

    /**
     * The file type the guest sees for a directory entry (its d_type): a host regular file may
     * stand for a device node, a FIFO or a socket.
     */
    int guestMode(String path, long dev, long ino, int hostMode, long ctimeNanos) {
        if ((hostMode & StatMode.S_IFMT) != StatMode.S_IFREG) {
            return hostMode;
        }
        HostFileKey key = new HostFileKey(dev, ino);
        HostOverride o = override(path, false, key, hostMode, ctimeNanos);
        long now = System.nanoTime();
        reads.computeIfPresent(key, (k, r) -> r.ctimeNanos() == ctimeNanos && now - r.checkedAt() > LISTED_NANOS / 2
                ? new Read(ctimeNanos, r.override(), now) : r);
        return o == null ? hostMode : o.mode();
    }

    /**
     * How long a listing trusts what it last found of a regular file's override without looking
     * at the file (its ctime) again: as long as a path walk trusts a type ({@link HostTypeCache}).
     */
    static final long LISTED_NANOS = HostTypeCache.TTL_NANOS;

    /**
     * For a listing, the file type (S_IFMT) the guest sees for the host regular file (dev, ino)
     * where memory knows it without a host call: an override kept in memory, or what a host call
     * found less than LISTED_NANOS ago (changes through zlx drop it at once; one the host made
     * itself is seen within LISTED_NANOS). Else 0: the caller looks at the file.
     */
    int listedType(long dev, long ino) {
        HostFileKey key = new HostFileKey(dev, ino);
        HostOverride kept = overrides.get(key);
        if (kept != null) {
            return kept.mode() & StatMode.S_IFMT;
        }
        Read r = reads.get(key);
        if (r == null || System.nanoTime() - r.checkedAt() >= LISTED_NANOS) {
            return 0;
        }
        return r.override() == null ? StatMode.S_IFREG : r.override().mode() & StatMode.S_IFMT;
    }

    /** What {@link #known} answers for a file without an override. */
    private static final HostOverride NONE = new HostOverride(-1, -1, -1, -1);

    /**
     * The override of a host file where it is known without asking the host (kept in memory,
     * none on a symlink, read at this ctime), {@link #NONE} for none, else null.
     */
    private HostOverride known(HostFileKey key, int hostMode, long ctimeNanos) {
        HostOverride kept = overrides.get(key);
        if (kept != null) {
            return kept;
        }
        if ((hostMode & StatMode.S_IFMT) == StatMode.S_IFLNK) {
            return NONE;
        }
        Read read = reads.get(key);
        if (read != null && read.ctimeNanos() == ctimeNanos) {
            return read.override() == null ? NONE : read.override();
        }
        return null;
    }

    /** The host attributes as the guest sees them where that is known without a host call (see {@link #known}), else null. */
    FileStat applyKnown(FileStat host) {
        HostOverride o = known(HostFileKey.of(host), host.mode(), host.ctimeSec() * 1_000_000_000L + host.ctimeNsec());
        return o == null ? null : o == NONE ? host : o.apply(host);
    }

    private HostOverride override(String xattrPath, boolean follow, HostFileKey key, int hostMode, long ctimeNanos) {
        HostOverride known = known(key, hostMode, ctimeNanos);
        if (known != null) {
            return known == NONE ? null : known;
        }
        HostOverride o;
        try {
            byte[] v = HostXattrs.get(xattrPath, HostOverride.XATTR, follow);
            o = v == null ? null : HostOverride.decode(new String(v, java.nio.charset.StandardCharsets.US_ASCII),
                    hostMode & StatMode.S_IFMT);
        } catch (LinuxException unreadable) {
            // No user attributes on this host file system, or none readable here: no override.
            o = null;
        }
        if (reads.size() >= READ_CACHE_MAX) {
            reads.clear();
        }
        reads.put(key, new Read(ctimeNanos, o, System.nanoTime()));
        if (o != null) {
            readAnOverride = true;
        }
        return o;
    }

    /** The host attributes as the guest sees them. */
    FileStat apply(String xattrPath, boolean follow, FileStat host) {
        HostOverride o = override(xattrPath, follow, host);
        return o == null ? host : o.apply(host);
    }

    /**
     * Keeps o for the host file at path (host its lstat), on the host if it can hold it; returns
     * whether it did (else the host saw no change, and its inotify reported none).
     */
    boolean setOverride(String path, FileStat host, HostOverride o) {
        HostFileKey key = HostFileKey.of(host);
        reads.remove(key);
        if ((host.mode() & StatMode.S_IFMT) != StatMode.S_IFLNK) {
            try {
                HostXattrs.set(path, HostOverride.XATTR, o.encode().getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0);
                overrides.remove(key);
                return true;
            } catch (LinuxException e) {
                if (!keptInMemory(e)) {
                    throw e;
                }
            }
        }
        overrides.put(key, o);
        return false;
    }

    /** The host refuses a user attribute where it keeps none or may not (EPERM on a symlink). */
    private static boolean keptInMemory(LinuxException e) {
        return e.errno() == Errno.EOPNOTSUPP || e.errno() == Errno.EPERM || e.errno() == Errno.EACCES
                || e.errno() == Errno.ERANGE;
    }

    /**
     * Whether memory keeps an override or attribute of any file, or ever read one from a host
     * file (else {@link #forget} has nothing to do: a read of no override it would drop is
     * checked by ctime, and a file that reuses the inode number starts with none).
     */
    boolean keepsAny() {
        return readAnOverride || !overrides.isEmpty() || !xattrs.isEmpty();
    }

    /** The host file (host its lstat) lost its last name: what memory kept for it goes. */
    void forget(FileStat host) {
        if (host.nlink() <= 1) {
            HostFileKey key = HostFileKey.of(host);
            overrides.remove(key);
            xattrs.remove(key);
            reads.remove(key);
        }
    }

    /** The value of a trusted.* or security.* attribute, or null. */
    byte[] get(String path, FileStat host, String name) {
        Map<String, byte[]> kept = xattrs.get(HostFileKey.of(host));
        byte[] v = kept == null ? null : kept.get(name);
        if (v != null || (host.mode() & StatMode.S_IFMT) == StatMode.S_IFLNK) {
            return v;
        }
        try {
            return HostXattrs.get(path, hostName(name), false);
        } catch (LinuxException e) {
            if (keptInMemory(e)) {
                return null;
            }
            throw e;
        }
    }

    /** The guest's names of the attributes of the host file at path (host its lstat). */
    List<String> list(String path, FileStat host) {
        List<String> names = new ArrayList<>();
        if ((host.mode() & StatMode.S_IFMT) != StatMode.S_IFLNK) {
            try {
                for (String n : HostXattrs.list(path)) {
                    if (n.startsWith(HIDDEN_PREFIX)) {
                        names.add(n.substring(HIDDEN_PREFIX.length()));
                    } else if (n.startsWith(Xattr.USER_PREFIX) && !hidden(n)) {
                        names.add(n);
                    }
                }
            } catch (LinuxException none) {
                // A host file system without attributes lists none.
            }
        }
        Map<String, byte[]> kept = xattrs.get(HostFileKey.of(host));
        if (kept != null) {
            synchronized (kept) {
                names.addAll(kept.keySet());
            }
        }
        return names;
    }

    /**
     * setxattr(2) of a trusted.* or security.* attribute; flags XATTR_CREATE / XATTR_REPLACE.
     * Returns whether the host holds it (else it is kept in memory, unseen by the host).
     */
    boolean set(String path, FileStat host, String name, byte[] value, int flags) {
        HostFileKey key = HostFileKey.of(host);
        if ((host.mode() & StatMode.S_IFMT) != StatMode.S_IFLNK) {
            try {
                HostXattrs.set(path, hostName(name), value, flags);
                return true;
            } catch (LinuxException e) {
                if (!keptInMemory(e)) {
                    throw e;
                }
            }
        }
        Map<String, byte[]> kept = xattrs.computeIfAbsent(key, k -> new LinkedHashMap<>());
        synchronized (kept) {
            boolean exists = kept.containsKey(name);
            if ((flags & Xattr.XATTR_CREATE) != 0 && exists) {
                throw Errno.EEXIST.exception();
            }
            if ((flags & Xattr.XATTR_REPLACE) != 0 && !exists) {
                throw Errno.ENODATA.exception();
            }
            kept.put(name, value.clone());
        }
        return false;
    }

    /**
     * removexattr(2) of a trusted.* or security.* attribute; ENODATA when there is none. Returns
     * whether the host held it (else it was in memory, unseen by the host).
     */
    boolean remove(String path, FileStat host, String name) {
        Map<String, byte[]> kept = xattrs.get(HostFileKey.of(host));
        if (kept != null) {
            synchronized (kept) {
                if (kept.remove(name) != null) {
                    return false;
                }
            }
        }
        if ((host.mode() & StatMode.S_IFMT) == StatMode.S_IFLNK) {
            throw Errno.ENODATA.exception();
        }
        try {
            HostXattrs.remove(path, hostName(name));
            return true;
        } catch (LinuxException e) {
            throw keptInMemory(e) ? Errno.ENODATA.exception() : e;
        }
    }
}
