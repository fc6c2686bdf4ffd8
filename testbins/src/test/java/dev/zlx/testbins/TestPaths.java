package dev.zlx.testbins;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find their inputs: the testbins module directory and the prepared busybox copies. */
final class TestPaths {
    private TestPaths() {}

    /** The testbins module directory (system property {@code zlx.testbins.dir}, else the working directory). */
    static Path testbinsDir() {
        String dir = System.getProperty("zlx.testbins.dir");
        return Path.of(dir != null ? dir : System.getProperty("user.dir")).toAbsolutePath();
    }

    /** A program built by the Makefile into target/bin/{@code dir}; fails if the build did not produce it. */
    static Path testBinary(String dir, String name) {
        Path p = testbinsDir().resolve("target/bin").resolve(dir).resolve(name);
        if (!Files.isExecutable(p)) {
            throw new AssertionError("missing test binary " + p
                    + " (build it with testbins/prepare.sh, `make -C testbins` or `mvn -pl testbins generate-test-resources`)");
        }
        return p;
    }

    /** Debian's busybox-static for {@code arch} ("x86_64" or "aarch64"), as fetched by prepare.sh. */
    static Path busybox(String arch) {
        Path p = testbinsDir().resolve("target/busybox").resolve(arch).resolve("busybox");
        if (!Files.isExecutable(p)) {
            throw new AssertionError("missing " + p + ": run testbins/prepare.sh first");
        }
        return p;
    }

    /** Fails with a clear message unless {@code tool} is an executable file. */
    static Path hostTool(String tool, String debianPackage) {
        Path p = Path.of(tool);
        if (!Files.isExecutable(p)) {
            throw new AssertionError("missing " + tool + ": apt-get install " + debianPackage
                    + " (or run testbins/prepare.sh)");
        }
        return p;
    }
}
