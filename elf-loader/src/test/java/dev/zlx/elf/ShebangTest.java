package dev.zlx.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShebangTest {

    private static Optional<Shebang> parse(String s) throws ScriptException {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Shebang.parse(b, b.length);
    }

    private static Shebang script(String s) throws ScriptException {
        return parse(s).orElseThrow();
    }

    private static void refused(String s, String fragment) {
        ScriptException e = assertThrows(ScriptException.class, () -> parse(s));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(Errno.ENOEXEC, e.errno());
    }

    @Test
    void parse_noArgument() throws Exception {
        assertEquals(new Shebang("/bin/sh", Optional.empty()), script("#!/bin/sh\necho hi\n"));
    }

    @Test
    void parse_argumentWithInnerSpaces_isOneArgument_trailingBlanksStripped() throws Exception {
        assertEquals(new Shebang("/usr/bin/env", Optional.of("python3 -u  -B")),
                script("#!  /usr/bin/env  python3 -u  -B \t \nprint(1)\n"));
    }

    @Test
    void parse_tabsSeparate() throws Exception {
        assertEquals(new Shebang("/bin/bash", Optional.of("-e")), script("#!\t/bin/bash\t-e\t\n"));
    }

    @Test
    void parse_trailingBlanksAfterName_giveNoArgument() throws Exception {
        assertEquals(new Shebang("/bin/sh", Optional.empty()), script("#!/bin/sh   \n"));
    }

    @Test
    void parse_crlf_carriageReturnBelongsToName() throws Exception {
        assertEquals(new Shebang("/bin/sh\r", Optional.empty()), script("#!/bin/sh\r\n"));
        assertEquals(new Shebang("/bin/sh", Optional.of("-x\r")), script("#!/bin/sh -x\r\n"));
    }

    @Test
    void parse_noNewlineShortFile_isAccepted() throws Exception {
        assertEquals(new Shebang("/bin/sh", Optional.empty()), script("#!/bin/sh"));
        assertEquals(new Shebang("/bin/sh", Optional.of("-e")), script("#!/bin/sh -e"));
    }

    @Test
    void parse_noNewlineTrailingSpace_givesEmptyArgumentLikeLinux() throws Exception {
        // The NUL padding after the space is not a blank, so load_script finds an argument "".
        assertEquals(new Shebang("/bin/sh", Optional.of("")), script("#!/bin/sh "));
    }

    @Test
    void parse_nulEndsTheName() throws Exception {
        assertEquals(new Shebang("/bin/sh", Optional.empty()), script("#!/bin/sh\0 -x\n"));
    }

    @Test
    void parse_lenLimitsWhatIsSeen() throws Exception {
        byte[] b = "#!/bin/sh -x\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(new Shebang("/bin/sh", Optional.empty()), Shebang.parse(b, 9).orElseThrow());
    }

    @Test
    void parse_interpreterTooLong_isRefused() {
        refused("#!/" + "a".repeat(300) + "\n", "does not end within the first 256 bytes");
    }

    @Test
    void parse_interpreterEndingAtByte254_isAccepted_at255Refused() throws Exception {
        assertEquals(253, script("#!" + "a".repeat(253)).interpreter().length());
        refused("#!" + "a".repeat(254), "does not end within");
    }

    @Test
    void parse_longArgumentWithoutNewlineInBuffer_isCutLikeLinux() throws Exception {
        Shebang s = script("#!/bin/sh " + "x".repeat(300) + "\n");
        assertEquals("/bin/sh", s.interpreter());
        // bytes 10..254: byte 255 of the buffer is overwritten by the terminating NUL
        assertEquals("x".repeat(245), s.argument().orElseThrow());
    }

    @Test
    void parse_noInterpreter_isRefused() {
        refused("#!\n", "names no interpreter");
        refused("#!  \t\nfoo", "names no interpreter");
        refused("#!" + " ".repeat(254), "only spaces and tabs");
    }

    @Test
    void parse_notAScript_isEmpty() throws Exception {
        assertEquals(Optional.empty(), parse("\u007fELF\2\1\1"));
        assertEquals(Optional.empty(), parse("#"));
        assertEquals(Optional.empty(), parse(""));
        assertEquals(Optional.empty(), parse("# !/bin/sh\n"));
    }

    @Test
    void interpreterArgv_replacesArgv0WithInterpreterArgumentAndScript() throws Exception {
        Shebang s = script("#!/usr/bin/env python3 -u\n");
        assertEquals(List.of("/usr/bin/env", "python3 -u", "./run.py", "x", "y"),
                s.interpreterArgv("./run.py", List.of("run", "x", "y")));
        assertEquals(List.of("/bin/sh", "/s"), script("#!/bin/sh\n").interpreterArgv("/s", List.of()));
    }

    @Test
    void maxInterpreterRewrites_isLinuxDepth() {
        assertEquals(5, Shebang.MAX_INTERPRETER_REWRITES);
        assertEquals(256, Shebang.BINPRM_BUF_SIZE);
    }
}
