package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;

import dev.zlx.abi.Errno;
import dev.zlx.kernel.Task;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.SyscallRegistry;

/**
 * Sockets before the network stack: no address family can be created yet (socket(2) and
 * socketpair(2) answer EAFNOSUPPORT, as Linux does for a family it lacks, and are counted), so
 * every descriptor is a non-socket and the calls that take one answer ENOTSOCK (or EBADF).
 */
public final class SocketSyscalls {
    private static final String NOTE = "no socket family exists yet: socket and socketpair return EAFNOSUPPORT";
    private static final String[] ON_DESCRIPTORS = {"getpeername", "getsockname", "getsockopt", "setsockopt",
        "shutdown", "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "accept", "accept4",
        "listen", "bind", "connect"};

    private final CompatReport report;

    public SocketSyscalls(CompatReport report) {
        this.report = report;
    }

    public void register(SyscallRegistry r) {
        r.partial("socket", NOTE, (t, a) -> noFamily("socket", a.i32(0)), INT, HEX, INT);
        r.partial("socketpair", NOTE, (t, a) -> noFamily("socketpair", a.i32(0)), INT, HEX, INT, PTR);
        for (String name : ON_DESCRIPTORS) {
            r.partial(name, NOTE + "; on any descriptor ENOTSOCK", (t, a) -> notASocket(t, a.fd(0)), FD);
        }
    }

    private long noFamily(String call, int family) {
        report.missingFeature(call, "address family " + family);
        throw Errno.EAFNOSUPPORT.exception();
    }

    private static long notASocket(Task t, int fd) {
        t.process().fds().get(fd);
        throw Errno.ENOTSOCK.exception();
    }
}
