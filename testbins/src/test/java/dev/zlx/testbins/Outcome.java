package dev.zlx.testbins;

import java.util.List;

/** What one run produced: its command line, exit status, stdout and stderr (both decoded as UTF-8). */
record Outcome(String runner, List<String> command, int exitStatus, String stdout, String stderr) {

    /** A multi-line description of the whole run, for failure messages. */
    String describe() {
        return "--- " + runner + ": " + printable(command) + "\n"
                + "exit status: " + exitStatus + "\n"
                + "stdout:\n" + indent(stdout)
                + "stderr:\n" + indent(stderr);
    }

    /** The command line, shell-quoted, with a long class path abbreviated. */
    private static String printable(List<String> command) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < command.size(); i++) {
            String arg = command.get(i);
            boolean classPath = i > 0 && command.get(i - 1).equals("-cp") && arg.length() > 120;
            b.append(i == 0 ? "" : " ").append(classPath
                    ? "<test class path: " + arg.split(":").length + " entries>" : quote(arg));
        }
        return b.toString();
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
