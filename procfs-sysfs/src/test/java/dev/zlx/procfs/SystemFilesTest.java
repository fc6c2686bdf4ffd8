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

    private void assertEinval(String path, String text) {
        LinuxException e = assertThrows(LinuxException.class, () -> write(path, text), text);
        assertEquals(Errno.EINVAL, e.errno(), text);
    }

    @Test
    void numericSysctls_parsedAsProcDointvec_takeEffectInTheKernel() {
        write("sys/kernel/pid_max", " \t0x200\n");
        assertEquals("512\n", read("sys/kernel/pid_max"));
        assertEquals(512, guest.kernel().tunables().pidMax());
        write("sys/kernel/pid_max", "0777");
        assertEquals("511\n", read("sys/kernel/pid_max"));
        write("sys/kernel/pid_max", "301 and the rest is not read");
        assertEquals(301, guest.kernel().tunables().pidMax());
        write("sys/kernel/pid_max", ""); // an empty write changes nothing
        assertEquals(301, guest.kernel().tunables().pidMax());
        for (String bad : new String[] {" \n", "300", "4194305", "12abc", "abc", "08", "0x", "-", "1\r",
            "0000000000000000000001"}) {
            assertEinval("sys/kernel/pid_max", bad);
        }
        assertEquals(301, guest.kernel().tunables().pidMax());
        write("sys/vm/max_map_count", "0");
        assertEquals(0, guest.kernel().tunables().maxMapCount());
        assertEinval("sys/vm/max_map_count", "-1");
        assertEinval("sys/vm/max_map_count", "2147483648");
        write("sys/vm/overcommit_memory", "2");
        assertEinval("sys/vm/overcommit_memory", "3");
        write("sys/fs/nr_open", "64");
        assertEinval("sys/fs/nr_open", "63");
        assertEinval("sys/fs/nr_open", "2147483647");
        write("sys/kernel/threads-max", "1");
        assertEinval("sys/kernel/threads-max", "0");
        write("sys/net/core/somaxconn", "17");
        assertEquals("17\n", read("sys/net/core/somaxconn"));
    }

    /** Bytes read one read(2) of n bytes at a time until the end. */
    private String readBy(String path, int n) {
        OpenFile f = lookup(path).open(Fcntl.O_RDONLY);
        StringBuilder sb = new StringBuilder();
        ByteBuffer b = ByteBuffer.allocate(n);
        while (f.read(b.clear()) > 0) {
            sb.append(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** proc_sys_call_handler: a number reads from position 0 only; a string from anywhere. */
    @Test
    void sysctlReads_numbersOnlyFromTheStart_stringsAnywhere() {
        assertEquals("4", readBy("sys/kernel/pid_max", 1));
        assertEquals("419", readBy("sys/kernel/pid_max", 3));
        assertEquals("4194304\n", readBy("sys/kernel/pid_max", 100));
        assertEquals("zlx-test\n", readBy("sys/kernel/hostname", 1));
        OpenFile f = lookup("sys/kernel/ostype").open(Fcntl.O_RDONLY);
        ByteBuffer b = ByteBuffer.allocate(10);
        assertEquals(3, f.pread(b, 3));
        assertEquals("ux\n", new String(b.array(), 0, 3, StandardCharsets.UTF_8));
    }

    /** sysctl_writes_strict: a number ignores a write past position 0; a string continues there. */
    @Test
    void sysctlWrites_aSecondWriteIsIgnoredByANumber_continuesAString() {
        OpenFile n = lookup("sys/vm/max_map_count").open(Fcntl.O_WRONLY);
        assertEquals(4, n.write(ByteBuffer.wrap("100\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals(4, n.write(ByteBuffer.wrap("200\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals(100, guest.kernel().tunables().maxMapCount());
        OpenFile m = lookup("sys/vm/max_map_count").open(Fcntl.O_WRONLY);
        assertEquals(6, m.write(ByteBuffer.wrap(" 300 \t7 8".getBytes(StandardCharsets.UTF_8)))); // one value taken
        assertEquals(300, guest.kernel().tunables().maxMapCount());
        OpenFile s = lookup("sys/kernel/hostname").open(Fcntl.O_WRONLY);
        s.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)));
        s.write(ByteBuffer.wrap("def\nignored".getBytes(StandardCharsets.UTF_8)));
        assertEquals("abcdef\n", read("sys/kernel/hostname"));
    }

    @Test
    void pipeMaxSize_roundedToAPowerOfTwoPageCount() {
        write("sys/fs/pipe-max-size", "5000");
        assertEquals("8192\n", read("sys/fs/pipe-max-size"));
        write("sys/fs/pipe-max-size", "1");
        assertEquals("4096\n", read("sys/fs/pipe-max-size"));
        assertEinval("sys/fs/pipe-max-size", "-1");
        assertEinval("sys/fs/pipe-max-size", "-0");
        assertEinval("sys/fs/pipe-max-size", "2147483649");
        assertEquals(4096, guest.kernel().tunables().pipeMaxSize());
    }

    @Test
    void fileMax_unsignedLong_fileNrShowsIt() {
        assertEquals("838860\n", read("sys/fs/file-max")); // 10% of 8 GiB in kB
        write("sys/fs/file-max", "9223372036854775807");
        assertEquals("0\t0\t9223372036854775807\n", read("sys/fs/file-nr"));
        assertEinval("sys/fs/file-max", "9223372036854775808");
        assertEinval("sys/fs/file-max", "-1");
        write("sys/fs/file-max", "0");
        assertEquals(0, guest.kernel().tunables().fileMax());
    }

    @Test
    void stat_hasLinuxsLinesInLinuxsOrder() {
        String names = read("stat").lines().map(l -> l.split(" ")[0]).filter(n -> !n.startsWith("cpu"))
                .reduce((a, b) -> a + " " + b).orElseThrow();
        assertEquals("intr ctxt btime processes procs_running procs_blocked softirq", names);
        assertTrue(read("stat").contains("\nintr 0\n"));
        assertTrue(read("stat").endsWith("\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n"));
        assertTrue(read("stat").contains("\nprocesses " + guest.kernel().forks() + "\n"));
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
