package dev.zlx.elf;

import static dev.zlx.abi.Auxv.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitialStackTest {
    private static final long TOP = 0x7ffffffff000L;
    private static final byte[] RANDOM = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    /** Reads the produced image as guest memory. */
    private record Mem(InitialStack st, ByteBuffer b) {
        Mem(InitialStack st) {
            this(st, ByteBuffer.wrap(st.bytes()).order(ByteOrder.LITTLE_ENDIAN));
        }

        long word(long addr) {
            return b.getLong(Math.toIntExact(addr - st.sp()));
        }

        byte[] bytes(long addr, int n) {
            byte[] out = new byte[n];
            b.get(Math.toIntExact(addr - st.sp()), out);
            return out;
        }

        String string(long addr) {
            int o = Math.toIntExact(addr - st.sp());
            int e = o;
            while (b.get(e) != 0) {
                e++;
            }
            return new String(st.bytes(), o, e - o, StandardCharsets.UTF_8);
        }
    }

    private static InitialStack.Builder typical() {
        return InitialStack.builder().stackTop(TOP)
                .argv(List.of("/bin/prog", "a b"))
                .envp(List.of("HOME=/root", "PATH=/bin"))
                .execfn("/bin/prog").platform("x86_64").random(RANDOM)
                .aux(AT_SYSINFO_EHDR, 0x7ffff7fc1000L).aux(AT_MINSIGSTKSZ, 3632)
                .aux(AT_HWCAP, 0x178bfbff).aux(AT_PAGESZ, 4096).aux(AT_CLKTCK, 100)
                .aux(AT_PHDR, 0x400040).aux(AT_PHENT, 56).aux(AT_PHNUM, 10).aux(AT_BASE, 0)
                .aux(AT_FLAGS, 0).aux(AT_ENTRY, 0x40ebf0).aux(AT_UID, 1000).aux(AT_EUID, 1000)
                .aux(AT_GID, 1000).aux(AT_EGID, 1000).aux(AT_SECURE, 0).aux(AT_HWCAP2, 2)
                .aux(AT_RSEQ_FEATURE_SIZE, 28).aux(AT_RSEQ_ALIGN, 32);
    }

    @Test
    void build_layout_matchesCreateElfTables() {
        InitialStack st = typical().build();
        Mem m = new Mem(st);
        assertEquals(0, st.sp() % 16);
        assertEquals(TOP, st.sp() + st.size());
        assertEquals(0, m.word(TOP - 8));
        // strings, top down: execfn, envp, argv (hand-computed from do_execveat_common)
        assertEquals(TOP - 8 - 10, st.execfnAddr());
        assertEquals(TOP - 18 - 21, st.envStart());
        assertEquals(TOP - 39 - 14, st.argStart());
        assertEquals(st.envStart(), st.argEnd());
        assertEquals(st.execfnAddr(), st.envEnd());
        // arch_align_stack to 16 (TOP - 64), platform, random
        assertEquals(TOP - 64 - 7, st.platformAddr());
        assertEquals(TOP - 71 - 16, st.randomAddr());
        assertEquals(2, m.word(st.sp()));
        assertEquals(st.sp() + 8, st.argvAddr());
        assertEquals(st.argStart(), m.word(st.argvAddr()));
        assertEquals("/bin/prog", m.string(m.word(st.argvAddr())));
        assertEquals("a b", m.string(m.word(st.argvAddr() + 8)));
        assertEquals(0, m.word(st.argvAddr() + 16));
        assertEquals(st.argvAddr() + 24, st.envpAddr());
        assertEquals("HOME=/root", m.string(m.word(st.envpAddr())));
        assertEquals(st.envStart(), m.word(st.envpAddr()));
        assertEquals("PATH=/bin", m.string(m.word(st.envpAddr() + 8)));
        assertEquals(0, m.word(st.envpAddr() + 16));
        assertEquals(st.envpAddr() + 24, st.auxvAddr());

        List<Long> types = new ArrayList<>();
        long a = st.auxvAddr();
        for (AuxEntry e : st.auxv()) {
            assertEquals(e.type(), m.word(a));
            assertEquals(e.value(), m.word(a + 8));
            types.add(e.type());
            a += 16;
        }
        assertEquals(List.of((long) AT_SYSINFO_EHDR, (long) AT_MINSIGSTKSZ, (long) AT_HWCAP,
                (long) AT_PAGESZ, (long) AT_CLKTCK, (long) AT_PHDR, (long) AT_PHENT,
                (long) AT_PHNUM, (long) AT_BASE, (long) AT_FLAGS, (long) AT_ENTRY, (long) AT_UID,
                (long) AT_EUID, (long) AT_GID, (long) AT_EGID, (long) AT_SECURE, (long) AT_RANDOM,
                (long) AT_HWCAP2, (long) AT_EXECFN, (long) AT_PLATFORM,
                (long) AT_RSEQ_FEATURE_SIZE, (long) AT_RSEQ_ALIGN, (long) AT_NULL), types);
        // auxv ends below the random bytes, less than 16 bytes short of them
        assertTrue(a <= st.randomAddr() && st.randomAddr() - a < 16, "gap " + (st.randomAddr() - a));
        assertEquals(((st.randomAddr() - 16L * 23) - 8L * 7) & ~15L, st.sp());
        assertEquals(st.randomAddr(), value(st, AT_RANDOM));
        assertArrayEquals(RANDOM, m.bytes(st.randomAddr(), 16));
        assertEquals("/bin/prog", m.string(value(st, AT_EXECFN)));
        assertEquals("x86_64", m.string(value(st, AT_PLATFORM)));
    }

    private static long value(InitialStack st, int type) {
        return st.auxv().stream().filter(e -> e.type() == type).findFirst().orElseThrow().value();
    }

    @Test
    void build_alignGap_movesTablesDownAndRealigns() {
        InitialStack st = typical().alignGap(100).build();
        assertEquals(((TOP - 53 - 100) & ~15L) - 7, st.platformAddr());
        assertEquals(0, st.sp() % 16);
    }

    @Test
    void build_withoutPlatform_hasNoAtPlatform() {
        InitialStack st = typical().platform(null).build();
        assertEquals(0, st.platformAddr());
        assertEquals(TOP - 64 - 16, st.randomAddr());
        assertTrue(st.auxv().stream().noneMatch(e -> e.type() == AT_PLATFORM));
        assertEquals(0, st.sp() % 16);
    }

    @Test
    void build_auxvOrder_matchesTheHostKernel() throws Exception {
        // glibc prints the auxv the host kernel gave /bin/true, in order.
        java.nio.file.Path t = java.nio.file.Path.of("/bin/true");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(t));
        ProcessBuilder pb = new ProcessBuilder(t.toString()).redirectErrorStream(true);
        pb.environment().put("LD_SHOW_AUXV", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0 && out.contains("AT_RANDOM"));
        List<String> host = new ArrayList<>();
        for (String line : out.split("\n")) {
            String name = line.split(":")[0].trim();
            if (name.startsWith("AT_???")) {
                name = name.replaceAll("AT_\\?\\?\\? \\(0x([0-9a-f]+)\\)", "$1");
                name = dev.zlx.abi.Auxv.name(Long.parseLong(name, 16));
            }
            host.add(name);
        }
        InitialStack.Builder b = InitialStack.builder().stackTop(TOP).argv(List.of("true"))
                .execfn("/bin/true").random(RANDOM).platform("x86_64");
        for (String name : host) {
            int type = (int) java.util.stream.IntStream.rangeClosed(0, 64)
                    .filter(i -> dev.zlx.abi.Auxv.name(i).equals(name)).findFirst().orElseThrow();
            if (type != AT_RANDOM && type != AT_EXECFN && type != AT_PLATFORM) {
                b.aux(type, 1);
            }
        }
        List<String> ours = new ArrayList<>();
        for (AuxEntry e : b.build().auxv()) {
            if (e.type() != AT_NULL) {
                ours.add(dev.zlx.abi.Auxv.name(e.type()));
            }
        }
        assertEquals(host, ours);
    }

    @Test
    void build_auxWithoutRseq_putsBuilderEntriesLast() {
        InitialStack st = InitialStack.builder().stackTop(TOP).argv(List.of("x")).execfn("x")
                .random(RANDOM).aux(AT_PAGESZ, 4096).build();
        assertEquals(List.of(new AuxEntry(AT_PAGESZ, 4096), new AuxEntry(AT_RANDOM, st.randomAddr()),
                new AuxEntry(AT_EXECFN, st.execfnAddr()), new AuxEntry(AT_NULL, 0)), st.auxv());
    }

    @Test
    void build_oddCountsStillAlignSp() {
        for (int n = 0; n < 6; n++) {
            InitialStack st = typical().argv(Collections.nCopies(n + 1, "x".repeat(n)))
                    .envp(Collections.nCopies(n, "E=1")).build();
            assertEquals(0, st.sp() % 16, "n=" + n);
            assertEquals(n + 1, new Mem(st).word(st.sp()));
        }
    }

    @Test
    void build_emptyArgv_getsEmptyArgv0() {
        InitialStack st = typical().argv(List.of()).build();
        Mem m = new Mem(st);
        assertEquals(1, st.argc());
        assertEquals(1, m.word(st.sp()));
        assertEquals("", m.string(m.word(st.argvAddr())));
        assertEquals(st.argStart() + 1, st.argEnd());
        assertEquals(0, m.word(st.argvAddr() + 8));
    }

    private static void e2big(InitialStack.Builder b) {
        LinuxException e = assertThrows(LinuxException.class, b::build);
        assertEquals(Errno.E2BIG, e.errno());
    }

    @Test
    void build_stringOfMaxArgStrlen_isE2big_oneLessFits() {
        typical().argv(List.of("p", "x".repeat(InitialStack.MAX_ARG_STRLEN - 1))).build();
        e2big(typical().argv(List.of("p", "x".repeat(InitialStack.MAX_ARG_STRLEN))));
        e2big(typical().envp(List.of("x".repeat(InitialStack.MAX_ARG_STRLEN))));
    }

    @Test
    void build_totalOverQuarterOfRlimit_isE2big() {
        List<String> twenty = Collections.nCopies(20, "x".repeat(100000));
        List<String> twentyOne = Collections.nCopies(21, "x".repeat(100000));
        InitialStack.Builder ok = InitialStack.builder().stackTop(TOP).argv(List.of("/x"))
                .execfn("/x").random(RANDOM).envp(twenty);
        assertEquals(20, ok.build().envc());
        e2big(InitialStack.builder().stackTop(TOP).argv(List.of("/x")).execfn("/x")
                .random(RANDOM).envp(twentyOne));
    }

    @Test
    void build_smallRlimit_stillAllowsArgMax() {
        InitialStack.Builder b = InitialStack.builder().stackTop(TOP).argv(List.of("/x"))
                .execfn("/x").random(RANDOM).stackRlimit(64 * 1024)
                .envp(List.of("x".repeat(100000), "y".repeat(30000)));
        b.build();
        e2big(b.envp(List.of("x".repeat(100000), "y".repeat(30000), "z".repeat(2000))));
    }

    @Test
    void build_unlimitedRlimit_capsAtSixMiB() {
        List<String> forty = Collections.nCopies(40, "x".repeat(100000));
        InitialStack.Builder b = InitialStack.builder().stackTop(TOP).argv(List.of("/x"))
                .execfn("/x").random(RANDOM).envp(forty);
        e2big(b);
        assertEquals(40, b.stackRlimit(-1).build().envc());
        e2big(b.envp(Collections.nCopies(63, "x".repeat(100000))));
    }

    @Test
    void build_badInputs_areProgrammingErrors() {
        assertThrows(IllegalArgumentException.class, () -> typical().aux(AT_RANDOM, 1));
        assertThrows(IllegalArgumentException.class, () -> typical().aux(AT_NULL, 0));
        assertThrows(IllegalArgumentException.class,
                () -> typical().argv(List.of("a\0b")).build());
        assertThrows(IllegalStateException.class, () -> typical().stackTop(TOP - 8).build());
        assertThrows(IllegalArgumentException.class, () -> typical().random(new byte[8]));
    }
}
