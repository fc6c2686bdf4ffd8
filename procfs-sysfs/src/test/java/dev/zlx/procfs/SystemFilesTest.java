package dev.zlx.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.LinuxException;
import dev.zlx.kernel.GuestFixture;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system-wide files of /proc read and written through the vfs, for the fixture's kernel (4 CPUs, 8 GiB). */
class SystemFilesTest {
    @TempDir
    Path tmp;
    private GuestFixture guest;
    private FileSystem proc;

    @BeforeEach
    void setUp() {
        guest = GuestFixture.create(tmp, Arch.X86_64);
        proc = ProcFs.create(guest.kernel());
    }

    @AfterEach
    void tearDown() {
        guest.close();
    }

    private Inode lookup(String path) {
        Inode n = proc.root();
        for (String part : path.split("/")) {
            n = n.lookup(part);
        }
        return n;
    }

    private String read(String path) {
        OpenFile f = lookup(path).open(Fcntl.O_RDONLY);
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        while (f.read(b) > 0) {
            // seq_file: the whole text, in as many reads as it takes
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private void write(String path, String text) {
        lookup(path).open(Fcntl.O_WRONLY).write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static long kb(String meminfo, String name) {
        return meminfo.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.replaceAll("[^0-9]", ""))
                .mapToLong(Long::parseLong).findFirst().orElseThrow();
    }

    @Test
    void meminfo_totalIsTheConfiguredSize_freePlusUsedIsTotal() {
        String m = read("meminfo");
        assertTrue(m.startsWith("MemTotal:        8388608 kB\n"), m);
        assertEquals(kb(m, "MemTotal"), kb(m, "MemFree") + kb(m, "AnonPages"));
    }

    @Test
    void stat_oneLinePerCpu_theirSumIsTheCpuLine() {
        String[] lines = read("stat").split("\n");
        long[] sum = new long[10];
        int cpus = 0;
        for (String l : lines) {
            if (l.matches("cpu\\d+ .*")) {
                cpus++;
                String[] f = l.split(" ");
                for (int i = 0; i < 10; i++) {
                    sum[i] += Long.parseLong(f[i + 1]);
                }
            }
        }
        assertEquals(4, cpus);
        String[] total = lines[0].split(" +");
        assertEquals("cpu", total[0]);
        long[] expected = Arrays.stream(total).skip(1).mapToLong(Long::parseLong).toArray();
        assertEquals(Arrays.toString(expected), Arrays.toString(sum));
    }

    @Test
    void cpuinfo_oneBlockPerCpu() {
        String info = read("cpuinfo");
        assertEquals(4, info.lines().filter(l -> l.startsWith("processor\t: ")).count());
        assertEquals(4, info.lines().filter(l -> l.startsWith("flags\t\t:")).count());
    }

    @Test
    void hostname_takesTheFirstLine_atMost64Bytes() {
        write("sys/kernel/hostname", "first\nsecond");
        assertEquals("first\n", read("sys/kernel/hostname"));
        assertEquals("first", guest.process().uts().hostname());
        write("sys/kernel/hostname", "x".repeat(100));
        assertEquals("x".repeat(64) + "\n", read("sys/kernel/hostname"));
    }

    @Test
    void readOnlySysctl_openForWriting_EACCES() {
        LinuxException e = assertThrows(LinuxException.class, () -> lookup("sys/kernel/ostype").open(Fcntl.O_WRONLY));
        assertEquals(Errno.EACCES, e.errno());
    }

    @Test
    void uuidIsNewOnEachRead_bootIdIsFixed() {
        assertNotEquals(read("sys/kernel/random/uuid"), read("sys/kernel/random/uuid"));
        assertEquals(read("sys/kernel/random/boot_id"), read("sys/kernel/random/boot_id"));
        assertEquals(guest.kernel().bootId() + "\n", read("sys/kernel/random/boot_id"));
    }

    @Test
    void loadavg_format() {
        assertTrue(read("loadavg").matches("\\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d \\d+/\\d+ \\d+\n"), read("loadavg"));
    }

    @Test
    void mounts_isALinkToSelfMounts() {
        assertEquals("self/mounts", lookup("mounts").readlink());
    }
}
