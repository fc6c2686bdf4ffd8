package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Personality;
import dev.zlx.abi.Random;
import dev.zlx.abi.Utsname;
import dev.zlx.kernel.KernelConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SystemSyscallsTest extends HandlerTestBase {
    /** The NUL-terminated field i of struct utsname. */
    private String field(long buf, int i) {
        String s = string(buf + (long) i * Utsname.LENGTH, Utsname.LENGTH);
        return s.substring(0, s.indexOf('\0'));
    }

    @Test
    void uname_fieldsComeFromTheKernelConfig() {
        long buf = guest.alloc(Utsname.SIZE);
        assertEquals(0, sys("uname", buf));
        assertEquals("Linux", field(buf, 0));
        assertEquals("zlx-test", field(buf, 1));
        assertEquals(KernelConfig.DEFAULT_RELEASE, field(buf, 2));
        assertEquals(KernelConfig.DEFAULT_VERSION, field(buf, 3));
        assertEquals("x86_64", field(buf, 4));
    }

    /** The /proc/sys/kernel/{hostname,domainname} sysctls set the kernel's UTS names; uname reports them. */
    @Test
    void uname_reportsTheUtsNamesAsSet() {
        guest.process().uts().setHostname("renamed");
        guest.process().uts().setDomainname("example.org");
        long buf = guest.alloc(Utsname.SIZE);
        assertEquals(0, sys("uname", buf));
        assertEquals("renamed", field(buf, 1));
        assertEquals("example.org", field(buf, 5));
    }

    @Test
    void utsName_longerThan64Bytes_EINVAL() {
        var uts = guest.process().uts();
        assertEquals(Errno.EINVAL, org.junit.jupiter.api.Assertions.assertThrows(dev.zlx.abi.LinuxException.class,
                () -> uts.setHostname("x".repeat(65))).errno());
        uts.setHostname("x".repeat(64));
        assertEquals(64, uts.hostname().length());
    }

    @Test
    void sethostname_setsWhatUnameReports_cutAtNul() {
        asRoot();
        long name = guest.put("host\0junk".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0, sys("sethostname", name, 9));
        assertEquals(0, sys("setdomainname", name, 2));
        long buf = guest.alloc(Utsname.SIZE);
        sys("uname", buf);
        assertEquals("host", field(buf, 1));
        assertEquals("ho", field(buf, 5));
    }

    private void asRoot() {
        guest.process().setCredentials(dev.zlx.kernel.Credentials.of(0, 0, new int[0]));
    }

    @Test
    void sethostname_notRoot_EPERM() {
        guest.process().setCredentials(dev.zlx.kernel.Credentials.of(1000, 1000, new int[0]));
        assertEquals(err(Errno.EPERM), sys("sethostname", guest.putString("x"), 1));
    }

    @Test
    void unshareNewUts_namesChangeOnlyInTheNewNamespace() {
        asRoot();
        assertEquals(0, sys("unshare", dev.zlx.abi.CloneFlags.CLONE_NEWUTS));
        assertEquals(0, sys("sethostname", guest.putString("inner"), 5));
        long buf = guest.alloc(Utsname.SIZE);
        sys("uname", buf);
        assertEquals("inner", field(buf, 1));
        assertEquals("zlx-test", guest.kernel().uts().hostname());
    }

    @Test
    void sethostname_badLength_EINVAL() {
        asRoot();
        long name = guest.alloc(128);
        assertEquals(err(Errno.EINVAL), sys("sethostname", name, 65));
        assertEquals(err(Errno.EINVAL), sys("setdomainname", name, -1));
    }

    @Test
    void getrandom_fillsTheWholeBuffer() {
        long buf = guest.alloc(4096);
        assertEquals(4096, sys("getrandom", buf, 4096, 0));
        byte[] got = guest.read(buf, 4096);
        // 256 random bytes are all zero with probability 2^-2048: both ends were written.
        assertFalse(Arrays.equals(new byte[256], Arrays.copyOfRange(got, 3840, 4096)));
        assertFalse(Arrays.equals(new byte[256], Arrays.copyOfRange(got, 0, 256)));
    }

    @Test
    void getrandom_randomAndInsecureTogether_EINVAL() {
        assertEquals(err(Errno.EINVAL), sys("getrandom", guest.alloc(8), 8, Random.GRND_RANDOM | Random.GRND_INSECURE));
    }

    @Test
    void getrandom_unknownFlag_EINVAL() {
        assertEquals(err(Errno.EINVAL), sys("getrandom", guest.alloc(8), 8, 0x100));
    }

    /** personality(2) stores any persona and answers the old one; 0xffffffff only asks. */
    @Test
    void personality_storesAndReturnsTheOld() {
        assertEquals(0, sys("personality", Personality.ADDR_NO_RANDOMIZE));
        assertEquals(Personality.ADDR_NO_RANDOMIZE, sys("personality", 0xffffffffL));
        assertEquals(Personality.ADDR_NO_RANDOMIZE, sys("personality", 0x0006)); // PER_BSD
        assertEquals(0x0006, sys("personality", 0xffffffffL));
    }

    /** setarch i386: PER_LINUX32 makes uname report the 32-bit machine. */
    @Test
    void uname_linux32PersonaReportsI686() {
        sys("personality", Personality.PER_LINUX32);
        long buf = guest.alloc(Utsname.SIZE);
        assertEquals(0, sys("uname", buf));
        assertEquals("i686", field(buf, 4));
    }

    /** setarch --uname-2.6: the release Linux 6.18.0-fc-v1300 shows as 2.6.78-fc-v1300. */
    @Test
    void uname26_rewritesTheRelease() {
        assertEquals("2.6.78-fc-v1300", SystemSyscalls.uname26("6.18.0-fc-v1300"));
        assertEquals("2.6.61-zlx", SystemSyscalls.uname26("6.1.0-zlx"));
        assertEquals("2.6.61.2-x", SystemSyscalls.uname26("6.1.0.2-x"));
        sys("personality", Personality.UNAME26);
        long buf = guest.alloc(Utsname.SIZE);
        assertEquals(0, sys("uname", buf));
        assertEquals(SystemSyscalls.uname26(KernelConfig.DEFAULT_RELEASE), field(buf, 2));
    }

    @Nested
    class Aarch64 extends HandlerTestBase {
        /** No AArch32 at EL0 on the emulated CPU: arm64 refuses PER_LINUX32. */
        @Test
        void personality_linux32IsEinval() {
            assertEquals(err(Errno.EINVAL), sys("personality", Personality.PER_LINUX32));
            assertEquals(0, sys("personality", 0xffffffffL));
        }

        @Override
        protected Arch arch() {
            return Arch.AARCH64;
        }

        @Test
        void uname_machineIsAarch64() {
            long buf = guest.alloc(Utsname.SIZE);
            assertEquals(0, sys("uname", buf));
            String s = string(buf + 4L * Utsname.LENGTH, Utsname.LENGTH);
            assertEquals("aarch64", s.substring(0, s.indexOf('\0')));
        }
    }
}
