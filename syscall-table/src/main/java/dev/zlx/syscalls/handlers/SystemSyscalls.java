package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.KernelLimits;
import dev.zlx.abi.Personality;
import dev.zlx.abi.Random;
import dev.zlx.abi.Utsname;
import dev.zlx.kernel.KernelConfig;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.kernel.Uts;
import dev.zlx.syscalls.SyscallRegistry;
import java.nio.charset.StandardCharsets;

/** What the system is: uname(2) and the names it reports (sethostname, setdomainname), and its entropy: getrandom(2). */
public final class SystemSyscalls {
    public void register(SyscallRegistry r) {
        r.full("uname", (t, a) -> uname(t, a.ptr(0)), PTR);
        r.full("sethostname", (t, a) -> setName(t, a.ptr(0), a.i32(1), false), PTR, INT);
        r.full("setdomainname", (t, a) -> setName(t, a.ptr(0), a.i32(1), true), PTR, INT);
        r.full("getrandom", (t, a) -> getrandom(t, a.ptr(0), a.size(1), a.i32(2)), PTR, SIZE, HEX);
    }

    /**
     * sethostname(2) and setdomainname(2) (kernel/sys.c): CAP_SYS_ADMIN over the user
     * namespace owning the UTS namespace first, then the length; the name is len bytes, cut at a NUL.
     */
    static long setName(Task t, long name, int len, boolean domain) {
        dev.zlx.kernel.Privilege.require(t.process(), t.process().uts().owner());
        if (len < 0 || len > KernelLimits.UTS_NAME_MAX) {
            throw Errno.EINVAL.exception();
        }
        byte[] b = UserMemory.read(t.process().mm().space(), name, len);
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        String s = new String(b, 0, end, StandardCharsets.UTF_8);
        Uts uts = t.process().uts();
        if (domain) {
            uts.setDomainname(s);
        } else {
            uts.setHostname(s);
        }
        return 0;
    }

    /**
     * newuname, with the persona's overrides: PER_LINUX32 reports the 32-bit machine ("i686",
     * COMPAT_UTS_MACHINE; only x86-64 accepts that persona here) and UNAME26 a 2.6 release.
     */
    /**
     * override_release: "2.6.(60 + patchlevel)" followed by what comes after the release's
     * numeric part (its first three dot-separated fields), so that old programs see a 2.6 kernel.
     */
    static String uname26(String release) {
        int end = 0;
        int dots = 0;
        while (end < release.length()) {
            char ch = release.charAt(end);
            if (ch == '.' && ++dots >= 3 || ch != '.' && !Character.isDigit(ch)) {
                break;
            }
            end++;
        }
        String[] numbers = release.substring(0, end).split("\\.");
        int patchlevel = numbers.length > 1 && !numbers[1].isEmpty() ? Integer.parseInt(numbers[1]) : 0;
        return "2.6." + (patchlevel + 60) + release.substring(end);
    }

    static long uname(Task t, long buf) {
        KernelConfig c = t.process().kernel().config();
        Uts uts = t.process().uts();
        int persona = t.personality();
        boolean linux32 = (persona & Personality.PER_MASK) == Personality.PER_LINUX32
                && t.process().arch() == Arch.X86_64;
        String release = (persona & Personality.UNAME26) != 0 ? uname26(c.release()) : c.release();
        Utsname u = new Utsname("Linux", uts.hostname(), release, c.version(),
                linux32 ? "i686" : t.process().arch().unameMachine(), uts.domainname());
        UserMemory.write(t.process().mm().space(), buf, u.encode());
        return 0;
    }

    static long getrandom(Task t, long buf, long count, int flags) {
        if ((flags & ~(Random.GRND_NONBLOCK | Random.GRND_RANDOM | Random.GRND_INSECURE)) != 0
                || (flags & (Random.GRND_RANDOM | Random.GRND_INSECURE)) == (Random.GRND_RANDOM | Random.GRND_INSECURE)) {
            throw Errno.EINVAL.exception();
        }
        var entropy = t.process().kernel().entropy();
        return GuestIo.intoGuest(t.process().mm().space(), buf, Math.min(count, 33554431), b -> {
            byte[] bytes = new byte[b.remaining()];
            entropy.nextBytes(bytes);
            b.put(bytes);
            return bytes.length;
        });
    }
}
