package dev.zlx.testbins;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a guest program, independent of how it is run (natively, under QEMU or under zlx):
 * program and arguments, the complete environment (the guest gets exactly this, in this order),
 * working directory, an optional file that receives stdout, extra zlx options and a timeout.
 */
final class Invocation {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    final String program;
    final List<String> args = new ArrayList<>();
    final Map<String, String> env = new LinkedHashMap<>();
    final List<String> zlxOptions = new ArrayList<>();
    String arch;
    Path workDir;
    Path stdoutFile;
    Duration timeout = DEFAULT_TIMEOUT;

    private Invocation(String program) {
        this.program = program;
    }

    static Invocation of(Path program, String... args) {
        return of(program.toString(), args);
    }

    static Invocation of(String program, String... args) {
        Invocation inv = new Invocation(program);
        inv.args.addAll(List.of(args));
        return inv;
    }

    /** Runs a testbins program built for {@code target}, with zlx told the target's architecture. */
    static Invocation of(BuildTarget target, String name, String... args) {
        return of(target.binary(name), args).arch(target.arch());
    }

    Invocation env(String key, String value) {
        env.put(key, value);
        return this;
    }

    Invocation arch(String arch) {
        this.arch = arch;
        return this;
    }

    Invocation workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    /** Sends the guest's stdout to {@code file} (the {@code > file} of a shell, done in Java). */
    Invocation stdoutTo(Path file) {
        this.stdoutFile = file;
        return this;
    }

    Invocation zlxOption(String option) {
        zlxOptions.add(option);
        return this;
    }

    Invocation timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /**
     * This run as the last arguments of the command prefix (e.g. {@code unshare -m …}), with the
     * same environment, directory, output and timeout; itself when the prefix is empty.
     */
    Invocation wrappedIn(List<String> prefix) {
        if (prefix.isEmpty()) {
            return this;
        }
        Invocation w = of(prefix.get(0), prefix.subList(1, prefix.size()).toArray(String[]::new));
        w.args.add(program);
        w.args.addAll(args);
        w.env.putAll(env);
        w.zlxOptions.addAll(zlxOptions);
        w.arch = arch;
        w.workDir = workDir;
        w.stdoutFile = stdoutFile;
        w.timeout = timeout;
        return w;
    }

    /** The environment as {@code K=V} strings, in order. */
    List<String> envStrings() {
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
