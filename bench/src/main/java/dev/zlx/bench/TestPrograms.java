package dev.zlx.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The static guest programs of testbins that the benchmarks run (bench/jmh.sh builds them). */
final class TestPrograms {
    /** Where testbins' Makefile puts its programs; -Dzlx.testbins.bin=DIR overrides it. */
    private static final Path BIN = Path.of(System.getProperty("zlx.testbins.bin", "testbins/target/bin"));

    private TestPrograms() {
    }

    /** The absolute host path of program name built for target (x86_64-glibc, aarch64-glibc). */
    static String path(String target, String name) {
        Path p = BIN.resolve(target).resolve(name).toAbsolutePath();
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException(p + " is missing: build it with `make -C testbins target/bin/"
                    + target + "/" + name + "` (bench/jmh.sh does)");
        }
        return p.toString();
    }
}
