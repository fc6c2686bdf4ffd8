package dev.zlx.abi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The syscall number ↔ name table of one architecture, complete as Linux 6.15 defines it
 * (every syscall, whether zlx implements it or not). The data lives in the resource
 * {@code syscalls-<arch>.txt} next to this class; its header says where the numbers came from.
 */
public final class SyscallNumbers {
    private static final Map<Arch, SyscallNumbers> TABLES = new EnumMap<>(Arch.class);

    static {
        for (Arch arch : Arch.values()) {
            TABLES.put(arch, load(arch));
        }
    }

    private final String[] byNumber;
    private final Map<String, Integer> byName;
    private final List<String> names;

    private SyscallNumbers(String[] byNumber, Map<String, Integer> byName, List<String> names) {
        this.byNumber = byNumber;
        this.byName = byName;
        this.names = names;
    }

    /** The table of this architecture. */
    public static SyscallNumbers of(Arch arch) {
        return TABLES.get(arch);
    }

    /** The number of the syscall with this name (as in {@code __NR_<name>}), or -1 if none. */
    public int number(String name) {
        Integer n = byName.get(name);
        return n == null ? -1 : n;
    }

    /** The name of the syscall with this number, or null if the number is unassigned. */
    public String name(int number) {
        return number >= 0 && number < byNumber.length ? byNumber[number] : null;
    }

    /** The highest assigned syscall number. */
    public int maxNumber() {
        return byNumber.length - 1;
    }

    /** All syscall names, ordered by number. */
    public List<String> names() {
        return names;
    }

    private static SyscallNumbers load(Arch arch) {
        String resource = "syscalls-" + arch.cliName() + ".txt";
        Map<Integer, String> rows = new HashMap<>();
        int max = -1;
        try (InputStream in = SyscallNumbers.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = reader.readLine()) != null; ) {
                int hash = line.indexOf('#');
                String row = (hash < 0 ? line : line.substring(0, hash)).strip();
                if (row.isEmpty()) {
                    continue;
                }
                String[] parts = row.split("\\s+");
                if (parts.length != 2) {
                    throw new IllegalStateException(resource + ": bad row: " + line);
                }
                int number = Integer.parseInt(parts[0]);
                if (rows.put(number, parts[1]) != null) {
                    throw new IllegalStateException(resource + ": duplicate number " + number);
                }
                max = Math.max(max, number);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] byNumber = new String[max + 1];
        Map<String, Integer> byName = new HashMap<>();
        List<String> names = new ArrayList<>();
        rows.forEach((n, name) -> byNumber[n] = name);
        for (int n = 0; n <= max; n++) {
            if (byNumber[n] == null) {
                continue;
            }
            if (byName.put(byNumber[n], n) != null) {
                throw new IllegalStateException(resource + ": duplicate name " + byNumber[n]);
            }
            names.add(byNumber[n]);
        }
        return new SyscallNumbers(byNumber, Map.copyOf(byName),
                Collections.unmodifiableList(names));
    }
}
