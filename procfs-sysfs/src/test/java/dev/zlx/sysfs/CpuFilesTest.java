package dev.zlx.sysfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** /sys/devices/system/cpu and node for a four-CPU kernel, looked up as a guest would. */
class CpuFilesTest {
    private final SysfsTree tree = new SysfsTree();

    CpuFilesTest() {
        CpuFiles.register(tree, 4);
        NodeFiles.register(tree, 4);
    }

    private Inode lookup(String path) {
        Inode node = tree.fileSystem().root();
        for (String name : path.split("/")) {
            node = node.lookup(name);
        }
        return node;
    }

    private String read(String path) {
        OpenFile f = lookup(path).open(Fcntl.O_RDONLY);
        ByteBuffer buf = ByteBuffer.allocate(4096);
        f.read(buf);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
    }

    private static Errno errno(Runnable r) {
        return assertThrows(LinuxException.class, r::run).errno();
    }

    @Test
    void systemCpuFiles() {
        assertEquals("0-3\n", read("devices/system/cpu/online"));
        assertEquals("0-3\n", read("devices/system/cpu/possible"));
        assertEquals("0-3\n", read("devices/system/cpu/present"));
        assertEquals("\n", read("devices/system/cpu/offline"));
        assertEquals("8191\n", read("devices/system/cpu/kernel_max"));
    }

    @Test
    void topology_oneSingleThreadedCorePerCpuInOnePackage() {
        String t = "devices/system/cpu/cpu2/topology/";
        assertEquals("2\n", read(t + "core_id"));
        assertEquals("0\n", read(t + "physical_package_id"));
        assertEquals("4\n", read(t + "thread_siblings"));
        assertEquals("2\n", read(t + "thread_siblings_list"));
        assertEquals("f\n", read(t + "core_siblings"));
        assertEquals("0-3\n", read(t + "package_cpus_list"));
    }

    @Test
    void cpu0HasNoOnlineFile_othersSayOne() {
        assertEquals(Errno.ENOENT, errno(() -> lookup("devices/system/cpu/cpu0/online")));
        assertEquals("1\n", read("devices/system/cpu/cpu3/online"));
        assertEquals(StatMode.S_IFREG | 0644, lookup("devices/system/cpu/cpu3/online").stat().mode());
    }

    @Test
    void online_takesBooleansButCpusCannotGoOffline() {
        OpenFile f = lookup("devices/system/cpu/cpu1/online").open(Fcntl.O_WRONLY);
        assertEquals(2, f.write(ByteBuffer.wrap("1\n".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(Errno.EINVAL, errno(() -> f.write(ByteBuffer.wrap(new byte[] {'x'}))));
        assertEquals(Errno.EBUSY, errno(() -> f.write(ByteBuffer.wrap(new byte[] {'0'}))));
        assertEquals("1\n", read("devices/system/cpu/cpu1/online"));
    }

    @Test
    void showOnlyAttributesRefuseWriters() {
        assertEquals(Errno.EACCES,
                errno(() -> lookup("devices/system/cpu/cpu1/topology/core_id").open(Fcntl.O_WRONLY)));
    }

    @Test
    void node0_holdsEveryCpu() {
        assertEquals("0\n", read("devices/system/node/online"));
        assertEquals("0-3\n", read("devices/system/node/node0/cpulist"));
        assertEquals("f\n", read("devices/system/node/node0/cpumap"));
        assertEquals("../../cpu/cpu3", lookup("devices/system/node/node0/cpu3").readlink());
        assertEquals("../../node/node0", lookup("devices/system/cpu/cpu0/node0").readlink());
    }

    @Test
    void oneByteReadsGiveTheSameText() {
        OpenFile f = lookup("devices/system/cpu/cpu1/topology/core_siblings_list").open(Fcntl.O_RDONLY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (f.read(one.clear()) == 1) {
            out.write(one.get(0));
        }
        assertEquals("0-3\n", out.toString(StandardCharsets.US_ASCII));
        assertFalse(read("devices/system/cpu/online").isEmpty());
    }
}
