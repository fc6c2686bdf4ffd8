package dev.zlx.syscalls;

import dev.zlx.abi.Arch;
import dev.zlx.abi.SyscallNumbers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Writes docs/COMPAT.md from the syscall tables: per architecture, every syscall Linux defines,
 * with zlx's support level and note. Run by the build (so the document cannot drift from the
 * code) and by hand: {@code CompatDoc OUTPUT.md}.
 */
public final class CompatDoc {
    private CompatDoc() {
    }

    /** The document's text. */
    public static String render(SyscallRegistry registry) {
        StringBuilder md = new StringBuilder();
        md.append("# Syscall compatibility\n\n");
        md.append("Generated from zlx's syscall tables by `syscall-table` (`CompatDoc`) during the build; do not edit.\n");
        md.append("Every syscall Linux 6.x defines for the architecture is listed. **full**: implemented as the man page\n");
        md.append("describes; **partial**: implemented for what real programs use, the note says what is missing;\n");
        md.append("**none**: the guest gets ENOSYS and `zlx run --report` counts the call.\n\n");
        Map<Arch, int[]> counts = new EnumMap<>(Arch.class);
        for (Arch arch : Arch.values()) {
            SyscallTable table = new SyscallTable(arch, registry);
            int[] c = new int[3];
            for (String name : table.numbers().names()) {
                Syscall row = registry.get(name);
                c[row == null ? 2 : row.support().ordinal()]++;
            }
            counts.put(arch, c);
        }
        md.append("| arch | syscalls | full | partial | none |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (Arch arch : Arch.values()) {
            int[] c = counts.get(arch);
            md.append("| ").append(arch.cliName()).append(" | ").append(c[0] + c[1] + c[2]).append(" | ").append(c[0])
                    .append(" | ").append(c[1]).append(" | ").append(c[2]).append(" |\n");
        }
        for (Arch arch : Arch.values()) {
            SyscallNumbers numbers = SyscallNumbers.of(arch);
            md.append("\n## ").append(arch.cliName()).append("\n\n");
            md.append("| nr | syscall | support | note |\n| ---: | --- | --- | --- |\n");
            for (String name : numbers.names()) {
                Syscall row = registry.get(name);
                String support = row == null ? "none" : row.support().name().toLowerCase(java.util.Locale.ROOT);
                String note = row == null || row.note() == null ? "" : row.note().replace("|", "\\|");
                md.append("| ").append(numbers.number(name)).append(" | ").append(name).append(" | ").append(support)
                        .append(" | ").append(note).append(" |\n");
            }
        }
        return md.toString();
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CompatDoc OUTPUT.md");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, render(Syscalls.registry(new CompatReport())), StandardCharsets.UTF_8);
    }
}
