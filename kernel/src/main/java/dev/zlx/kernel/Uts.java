package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Utsname;
import java.nio.charset.StandardCharsets;

/**
 * The writable names of a UTS namespace: the host name and NIS domain name that uname(2)
 * reports and /proc/sys/kernel/{hostname,domainname} read and write. The kernel holds one (the
 * initial namespace); per-process namespaces come with unshare(CLONE_NEWUTS).
 */
public final class Uts {
    private volatile String hostname;
    private volatile String domainname = "(none)";

    Uts(String hostname) {
        this.hostname = hostname;
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
