package dev.zlx.testbins;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Assertions over run outcomes whose failure messages show every run involved in full. */
final class Compare {
    private static final Pattern STACK_TRACE = Pattern.compile("Exception|\tat ");

    private Compare() {}

    /** Asserts the same exit status and the same stdout. */
    static void sameResult(Outcome expected, Outcome actual) {
        sameResult(expected, actual, UnaryOperator.identity());
    }

    /** Asserts the same exit status and the same stdout after {@code normalise} is applied to both. */
    static void sameResult(Outcome expected, Outcome actual, UnaryOperator<String> normalise) {
        String want = normalise.apply(expected.stdout());
        String got = normalise.apply(actual.stdout());
        if (expected.exitStatus() != actual.exitStatus() || !want.equals(got)) {
            StringBuilder m = new StringBuilder("outcomes differ:");
            if (expected.exitStatus() != actual.exitStatus()) {
                m.append(" exit status ").append(expected.exitStatus()).append(" (")
                        .append(expected.runner()).append(") vs ").append(actual.exitStatus())
                        .append(" (").append(actual.runner()).append(")");
            }
            if (!want.equals(got)) {
                m.append(" stdout differs").append(firstDifference(want, got));
            }
            fail(m + "\n", expected, actual);
        }
    }

    /** Asserts an exit status. */
    static void exitStatus(int expected, Outcome actual) {
        if (actual.exitStatus() != expected) {
            fail("expected exit status " + expected + "\n", actual);
        }
    }

    /** Asserts that stdout equals {@code expected} exactly. */
    static void stdout(String expected, Outcome actual) {
        if (!expected.equals(actual.stdout())) {
            fail("expected stdout:\n" + expected + "\n" + firstDifference(expected, actual.stdout()) + "\n", actual);
        }
    }

    /**
     * Asserts the contract for a program zlx refuses to run: exit status {@code status}, exactly
     * one line on stderr, and no Java stack trace anywhere in the output.
     */
    static void oneLineError(int status, Outcome actual) {
        exitStatus(status, actual);
        String err = actual.stderr();
        long lines = err.lines().count();
        if (lines != 1 || err.isBlank() || !err.endsWith("\n")) {
            fail("expected exactly one line on stderr, got " + lines + "\n", actual);
        }
        if (STACK_TRACE.matcher(err).find() || STACK_TRACE.matcher(actual.stdout()).find()) {
            fail("output shows a Java exception or stack trace\n", actual);
        }
    }

    /** Fails the test, showing {@code message} and each outcome in full. */
    static void fail(String message, Outcome... outcomes) {
        StringBuilder b = new StringBuilder(message);
        Arrays.stream(outcomes).forEach(o -> b.append(o.describe()));
        throw new AssertionError(b.toString());
    }

    private static String firstDifference(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String l = i < x.length ? x[i] : "(end)";
            String r = i < y.length ? y[i] : "(end)";
            if (!l.equals(r)) {
                return " at line " + (i + 1) + ":\n  expected: " + l + "\n  actual:   " + r;
            }
        }
        return "";
    }

    /** Sorts lines; for outputs whose order is not specified (find, directory listings). */
    static String sortedLines(String s) {
        return String.join("\n", s.lines().sorted().toList());
    }
}
