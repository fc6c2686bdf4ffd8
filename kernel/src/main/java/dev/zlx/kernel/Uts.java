package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Utsname;
import java.nio.charset.StandardCharsets;

/**
 * A UTS namespace's writable names: the host name and NIS domain name that uname(2) reports,
 * sethostname(2) and setdomainname(2) set, and /proc/sys/kernel/{hostname,domainname} read and
 * write. The kernel holds the initial one; clone or unshare with CLONE_NEWUTS give a process a
 * copy.
 */
public final class Uts {
    private volatile String hostname;
    private volatile String domainname = "(none)";
    /** The user namespace that owns it: privilege there allows setting the names. */
    private final UserNamespace owner;
    private final long inum;

    Uts(String hostname) {
        this(hostname, UserNamespace.INITIAL, dev.zlx.abi.Namespaces.PROC_UTS_INIT_INO);
    }

    private Uts(String hostname, UserNamespace owner, long inum) {
        this.hostname = hostname;
        this.owner = owner;
        this.inum = inum;
    }

    /** A new namespace, owned by owner, starting with this one's names (copy_utsname). */
    public Uts copy(UserNamespace owner) {
        Uts u = new Uts(hostname, owner, NamespaceInums.next());
        u.domainname = domainname;
        return u;
    }

    public UserNamespace owner() {
        return owner;
    }

    /** Its inode number, as /proc/PID/ns/uts names it. */
    public long inum() {
        return inum;
    }

    public String hostname() {
        return hostname;
    }

    public String domainname() {
        return domainname;
    }

    /** Sets the host name; EINVAL past __NEW_UTS_LEN bytes, as sethostname(2) and the sysctl. */
    public void setHostname(String name) {
        hostname = checked(name);
    }

    public void setDomainname(String name) {
        domainname = checked(name);
    }

    private static String checked(String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length > Utsname.LENGTH - 1) {
            throw Errno.EINVAL.exception();
        }
        return name;
    }
}
