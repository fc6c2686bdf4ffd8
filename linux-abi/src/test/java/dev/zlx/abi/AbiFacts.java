package dev.zlx.abi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The facts that src/test/c/abi_facts.c printed from the real Linux 6.1 uapi headers, compiled
 * natively with gcc (x86-64) and with aarch64-linux-gnu-gcc -static run under qemu-aarch64; the
 * outputs are checked in as the test resources abi-x86_64.txt and abi-aarch64.txt.
 */
final class AbiFacts {
    private final Map<String, Long> values = new HashMap<>();

    private AbiFacts(Arch arch) {
        String resource = "abi-" + arch.cliName() + ".txt";
        try (InputStream in = AbiFacts.class.getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            for (String line : text.split("\n")) {
                String[] p = line.split(" ");
                if (p.length == 3 && !line.startsWith("#")) {
                    values.put(p[0] + " " + p[1], Long.parseLong(p[2]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AbiFacts of(Arch arch) {
        return new AbiFacts(arch);
    }

    /** The value of a constant, or null if the C program did not print it. */
    Long constant(String name) {
        return values.get("const " + name);
    }

    /** sizeof(struct name). */
    int size(String struct) {
        return get("size " + struct);
    }

    /** offsetof(struct, field), written "struct.field". */
    int offset(String structField) {
        return get("offset " + structField);
    }

    private int get(String key) {
        Long v = values.get(key);
        if (v == null) {
            throw new AssertionError("abi_facts.c printed no " + key);
        }
        return v.intValue();
    }
}
