package dev.zlx.vfs.tty;

import static dev.zlx.abi.TermiosFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Signals;
import dev.zlx.abi.Termios;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineDisciplineTest {
    private final ByteArrayOutputStream echoed = new ByteArrayOutputStream();
    private final List<Integer> signals = new ArrayList<>();
    private final LineDiscipline ldisc = new LineDiscipline(ptySlaveDefault(), new LineDiscipline.Sink() {
        @Override
        public void echo(byte[] bytes) {
            echoed.writeBytes(bytes);
        }

        @Override
        public void signal(int sig, boolean flush) {
            signals.add(sig);
        }

        @Override
        public void flow(boolean start) {
            flow.add(start);
            stopped = !start;
        }

        @Override
        public boolean stoppedByInput() {
            return stopped;
        }
    });
    private final List<Boolean> flow = new ArrayList<>();
    private boolean stopped;

    private void type(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(b.length, ldisc.receive(b, 0, b.length));
    }

    private String readLine() {
        ByteBuffer dst = ByteBuffer.allocate(256);
        ldisc.readLine(dst);
        return new String(dst.array(), 0, dst.position(), StandardCharsets.ISO_8859_1);
    }

    private String echo() {
        String s = echoed.toString(StandardCharsets.ISO_8859_1);
        echoed.reset();
        return s;
    }

    private void setLflag(int lflag) {
        Termios t = ldisc.termios();
        ldisc.setTermios(new Termios(t.iflag(), t.oflag(), t.cflag(), lflag, t.line(), t.cc()));
    }

    private void setRaw(int min, int time) {
        Termios t = ldisc.termios();
        byte[] cc = t.cc();
        cc[VMIN] = (byte) min;
        cc[VTIME] = (byte) time;
        ldisc.setTermios(new Termios(0, t.oflag(), t.cflag(), 0, t.line(), cc));
    }

    @Test
    void canonical_lineIsReadableOnlyOnceEnded_echoedWithCrLf() {
        type("hello");
        assertFalse(ldisc.lineReady());
        assertEquals(0, ldisc.available());
        type("\r");
        assertTrue(ldisc.lineReady());
        assertEquals("hello\n", readLine());
        assertEquals("hello\r\n", echo());
    }

    @Test
    void canonical_eraseAndKill_rubOutWithBackspaceSpaceBackspace() {
        type("abx\177c\n");
        assertEquals("abc\n", readLine());
        assertEquals("abx\b \bc\r\n", echo());
        type("junk\025ok\n");
        assertEquals("ok\n", readLine());
        assertEquals("junk\b \b\b \b\b \b\b \bok\r\n", echo());
    }

    @Test
    void canonical_wordErase_takesTheLastWordAndItsBlanks() {
        type("one two  \027x\n");
        assertEquals("one x\n", readLine());
    }

    @Test
    void canonical_eraseOfAControlCharacter_rubsOutBothColumnsOfItsCaretForm() {
        type("\001");
        assertEquals("^A", echo());
        type("\177");
        assertEquals("\b \b\b \b", echo());
    }

    @Test
    void canonical_eof_endsTheLineWithoutItself_anEmptyLineReadsAsEnd() {
        type("partial\004");
        assertEquals("partial", readLine());
        type("\004");
        assertTrue(ldisc.lineReady());
        assertEquals("", readLine());
        assertFalse(ldisc.lineReady());
        assertEquals("partial", echo());
    }

    @Test
    void canonical_partialRead_leavesTheRestOfTheLine() {
        type("abcdef\n");
        ByteBuffer small = ByteBuffer.allocate(4);
        assertEquals(4, ldisc.readLine(small));
        assertEquals("ef\n", readLine());
    }

    @Test
    void canonical_literalNext_takesTheEraseCharacterAsData() {
        type("a\026\177\n");
        assertEquals("a\177\n", readLine());
    }

    @Test
    void echoctl_showsControlCharactersAsCaretForms_withoutEchoctlRaw() {
        type("\001\n");
        assertEquals("^A\r\n", echo());
        setLflag(ISIG | ICANON | ECHO);
        type("\001\n");
        assertEquals("\001\r\n", echo());
    }

    @Test
    void echonl_echoesOnlyNewlinesWithoutEcho() {
        setLflag(ICANON | ECHONL);
        type("secret\n");
        assertEquals("\r\n", echo());
        assertEquals("secret\n", readLine());
    }

    @Test
    void isig_interruptQuitSuspend_signalTheForegroundGroup_flushInput_echoCaretForm() {
        type("pending");
        type("\003");
        assertEquals(List.of(Signals.SIGINT), signals);
        assertTrue(echo().endsWith("^C"));
        type("\n");
        assertEquals("\n", readLine());
        type("\034\032");
        assertEquals(List.of(Signals.SIGINT, Signals.SIGQUIT, Signals.SIGTSTP), signals);
    }

    @Test
    void isig_off_takesTheCharactersAsData() {
        setLflag(ICANON);
        type("\003\n");
        assertTrue(signals.isEmpty());
        assertEquals("\003\n", readLine());
    }

    @Test
    void inputTranslation_icrnlInlcrIgncrIstrip() {
        Termios t = ldisc.termios();
        ldisc.setTermios(new Termios(IGNCR | ISTRIP, t.oflag(), t.cflag(), t.lflag(), t.line(), t.cc()));
        type("a\rb\u00e1\n");
        assertEquals("aba\n", readLine());
    }

    @Test
    void outputProcessing_onlcrOcrnl_andNothingWithoutOpost() {
        byte[] in = "a\nb\r".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("a\r\nb\r", new String(ldisc.processOutput(in, 0, in.length), StandardCharsets.ISO_8859_1));
        Termios t = ldisc.termios();
        ldisc.setTermios(new Termios(t.iflag(), OPOST | OCRNL, t.cflag(), t.lflag(), t.line(), t.cc()));
        assertEquals("a\nb\n", new String(ldisc.processOutput(in, 0, in.length), StandardCharsets.ISO_8859_1));
        ldisc.setTermios(new Termios(t.iflag(), ONLCR, t.cflag(), t.lflag(), t.line(), t.cc()));
        assertEquals("a\nb\r", new String(ldisc.processOutput(in, 0, in.length), StandardCharsets.ISO_8859_1));
    }

    @Test
    void raw_everyByteIsReadableAtOnce_noEchoNoEditing() {
        setRaw(1, 0);
        type("ab\177\r");
        assertEquals(4, ldisc.available());
        ByteBuffer dst = ByteBuffer.allocate(16);
        assertEquals(4, ldisc.readRaw(dst));
        assertEquals("", echo());
    }

    @Test
    void leavingCanonicalMode_makesThePendingLineReadable_enteringItMakesPendingDataALine() {
        type("half");
        setRaw(1, 0);
        assertEquals(4, ldisc.available());
        type("more");
        setLflag(ICANON);
        assertTrue(ldisc.lineReady());
        assertEquals("halfmore", readLine());
    }

    @Test
    void fullBuffer_rawWaitsForTheReader_canonicalOverflowStillAcceptsTheNewline() {
        setRaw(1, 0);
        byte[] lots = new byte[LineDiscipline.BUF_SIZE + 10];
        int taken = ldisc.receive(lots, 0, lots.length);
        assertEquals(LineDiscipline.BUF_SIZE - 1, taken);
        assertTrue(ldisc.full());
        ldisc.flush();
        setLflag(ICANON);
        byte[] letters = new byte[LineDiscipline.BUF_SIZE + 10];
        java.util.Arrays.fill(letters, (byte) 'x');
        assertEquals(letters.length, ldisc.receive(letters, 0, letters.length));
        type("\n");
        assertTrue(ldisc.lineReady());
    }

    @Test
    void ixonStopsAndStartsOutputWithoutStoringTheCharactersAndIxanyRestartsOnAnyKey() {
        type("a\023b\021c");
        assertEquals(List.of(false, true), flow);
        assertEquals("abc", new String(echoed.toByteArray(), StandardCharsets.ISO_8859_1));
        type("\023");
        Termios t = ldisc.termios();
        ldisc.setTermios(new Termios(t.iflag() | IXANY, t.oflag(), t.cflag(), t.lflag(),
                t.line(), t.cc()));
        type("x\n");
        assertEquals(List.of(false, true, false, true), flow);
        assertEquals("abcx\n", readLine());
    }
}
