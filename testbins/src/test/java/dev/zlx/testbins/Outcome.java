package dev.zlx.testbins;

import java.util.List;

/** What one run produced: its command line, exit status, stdout and stderr (both decoded as UTF-8). */
record Outcome(String runner, List<String> command, int exitStatus, String stdout, String stderr) {

    /** A multi-line description of the whole run, for failure messages. */
    String describe() {
        return "--- " + runner + ": " + String.join(" ", command.stream().map(Outcome::quote).toList()) + "\n"
                + "exit status: " + exitStatus + "\n"
                + "stdout:\n" + indent(stdout)
                + "stderr:\n" + indent(stderr);
    }

    private static String quote(String arg) {
        return arg.isEmpty() || arg.matches(".*[\\s'\"*?$].*") ? "'" + arg.replace("'", "'\\''") + "'" : arg;
    }

    private static String indent(String s) {
        if (s.isEmpty()) {
            return "  (empty)\n";
        }
        StringBuilder b = new StringBuilder();
        s.lines().limit(200).forEach(l -> b.append("  | ").append(l).append('\n'));
        long n = s.lines().count();
        if (n > 200) {
            b.append("  … ").append(n - 200).append(" more lines\n");
        }
        return b.toString();
    }
}
