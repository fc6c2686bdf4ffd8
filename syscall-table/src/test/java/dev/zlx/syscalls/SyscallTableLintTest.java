package dev.zlx.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.abi.SyscallNumbers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The syscall tables as data: names, numbers, shared handlers, notes, and the one error style. */
class SyscallTableLintTest {
    private static final SyscallRegistry REGISTRY = Syscalls.registry(new CompatReport());
    private static final Path SOURCES = Path.of("src/main/java/dev/zlx/syscalls");

    /** A handler returning a negative errno instead of throwing it. */
    private static final Pattern NEGATIVE_ERRNO = Pattern.compile(
            "return\\s*-\\s*(?:\\(?\\s*(?:Errno\\.)?E[A-Z0-9]+\\b|[1-9]\\d*\\s*;|[\\w.()]*errno|[\\w.()]*number\\(\\))"
                    + "|-\\s*Errno\\.E[A-Z0-9]+\\.number\\(\\)");

    @Test
    void everyRow_isALinuxSyscallOnSomeArch() {
        List<String> unknown = new ArrayList<>();
        for (String name : REGISTRY.all().keySet()) {
            boolean known = false;
            for (Arch arch : Arch.values()) {
                known |= SyscallNumbers.of(arch).number(name) >= 0;
            }
            if (!known) {
                unknown.add(name);
            }
        }
        assertEquals(List.of(), unknown, "rows named after no Linux syscall");
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void numbers_areUniqueAndRoundTrip(Arch arch) {
        SyscallNumbers numbers = SyscallNumbers.of(arch);
        Map<Integer, String> seen = new HashMap<>();
        for (String name : numbers.names()) {
            int n = numbers.number(name);
            assertTrue(n >= 0 && n <= numbers.maxNumber(), name);
            String other = seen.put(n, name);
            assertNull(other, "number " + n + " is both " + other + " and " + name);
            assertEquals(name, numbers.name(n));
        }
        assertTrue(seen.size() > 300, "the table looks truncated: " + seen.size());
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void table_rowsAreTheRegistrysForEveryNumber(Arch arch) {
        SyscallTable table = new SyscallTable(arch, REGISTRY);
        for (String name : table.numbers().names()) {
            assertSame(REGISTRY.get(name), table.row(table.numbers().number(name)), name);
        }
        assertNull(table.row(-1));
        assertNull(table.row(table.numbers().maxNumber() + 1));
        assertNull(table.row(1L << 40));
    }

    @Test
    void commonNames_shareOneHandlerOnBothArches() {
        SyscallTable x86 = new SyscallTable(Arch.X86_64, REGISTRY);
        SyscallTable arm = new SyscallTable(Arch.AARCH64, REGISTRY);
        int common = 0;
        for (String name : x86.numbers().names()) {
            int armNumber = arm.numbers().number(name);
            if (armNumber < 0) {
                continue;
            }
            Syscall a = x86.row(x86.numbers().number(name));
            Syscall b = arm.row(armNumber);
            assertSame(a, b, name);
            if (a != null) {
                assertSame(a.handler(), b.handler(), name);
                common++;
            }
        }
        assertTrue(common > 50, "only " + common + " implemented syscalls in common");
    }

    @Test
    void partialRows_haveANote_fullRowsNone() {
        for (Syscall s : REGISTRY.all().values()) {
            if (s.support() == Support.PARTIAL) {
                assertFalse(s.note() == null || s.note().isBlank(), s.name());
            } else {
                assertEquals(Support.FULL, s.support(), s.name() + ": a registered row is implemented");
            }
        }
    }

    @Test
    void partialRowWithoutNote_isRefused() {
        SyscallRegistry r = new SyscallRegistry();
        assertThrows(IllegalArgumentException.class, () -> r.partial("read", " ", (t, a) -> 0));
    }

    @Test
    void registeringTwice_isRefused() {
        SyscallRegistry r = new SyscallRegistry();
        r.full("read", (t, a) -> 0);
        assertThrows(IllegalStateException.class, () -> r.full("read", (t, a) -> 0));
    }

    @Test
    void compatDoc_listsEverySyscallOfEveryArch() {
        String doc = CompatDoc.render(REGISTRY);
        for (Arch arch : Arch.values()) {
            SyscallNumbers numbers = SyscallNumbers.of(arch);
            for (String name : numbers.names()) {
                assertTrue(doc.contains("| " + numbers.number(name) + " | " + name + " | "), arch + " " + name);
            }
        }
    }

    // The error style: handlers throw Errno.X.exception(); only the dispatcher makes -errno.

    private static List<Path> javaFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void handlers_neverReturnANegativeErrno() throws IOException {
        List<Path> handlers = javaFiles(SOURCES.resolve("handlers"));
        assertTrue(handlers.size() >= 10, "handler sources not found from " + Path.of("").toAbsolutePath());
        List<String> offences = new ArrayList<>();
        for (Path file : handlers) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = NEGATIVE_ERRNO.matcher(lines.get(i));
                if (m.find()) {
                    offences.add(file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertEquals(List.of(), offences, "throw Errno.X.exception() instead");
    }

    @Test
    void asSyscallResult_isUsedOnlyByTheDispatcher() throws IOException {
        List<String> offences = new ArrayList<>();
        for (Path file : javaFiles(SOURCES)) {
            if (!file.getFileName().toString().equals("Dispatcher.java")
                    && Files.readString(file).contains("asSyscallResult")) {
                offences.add(file.toString());
            }
        }
        assertEquals(List.of(), offences);
    }

    @Test
    void negativeErrnoPattern_catchesTheUsualSpellings() {
        for (String bad : List.of("return -Errno.ENOENT.number();", "return -ENOENT;", "return -2;",
                "return -e.errno().number();", "return - EINVAL;", "long r = -Errno.EBADF.number();")) {
            assertTrue(NEGATIVE_ERRNO.matcher(bad).find(), bad);
        }
        for (String good : List.of("throw Errno.ENOENT.exception();", "return -1 == x ? 0 : 1;",
                "return offset - base;", "return total;")) {
            assertFalse(NEGATIVE_ERRNO.matcher(good).find(), good);
        }
    }
}
