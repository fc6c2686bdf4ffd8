package dev.zlx.vfs.tty;

import static dev.zlx.abi.TermiosFlags.*;

import dev.zlx.abi.Signals;
import dev.zlx.abi.Termios;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * N_TTY, the default line discipline (drivers/tty/n_tty.c): what the terminal receives is
 * translated (ISTRIP, IGNCR, ICRNL, INLCR), turned into signals (ISIG), edited into lines
 * (ICANON: VERASE, VWERASE, VKILL, VEOF, VEOL, VEOL2, VLNEXT) and echoed (ECHO, ECHOE, ECHOK,
 * ECHOKE, ECHONL, ECHOCTL); what the program writes is post-processed (OPOST: ONLCR, OCRNL,
 * ONLRET, OLCUC), and output is stopped and started by VSTOP and VSTART (IXON; any character with
 * IXANY). Not thread-safe: the terminal's lock guards it. ECHOPRT and column tracking for tabs
 * are not done.
 */
final class LineDiscipline {
    /** N_TTY_BUF_SIZE: the read buffer. */
    static final int BUF_SIZE = 4096;

    /** Where echoes and signals go (the terminal's output queue and its foreground group). */
    interface Sink {
        /** Bytes to show on the terminal, already output-processed. */
        void echo(byte[] bytes);

        /** ISIG: a signal for the foreground process group, with the input flush unless NOFLSH. */
        void signal(int sig, boolean flush);

        /** IXON: output stops (VSTOP) or starts again (VSTART, or any character with IXANY). */
        void flow(boolean start);

        /** Whether output is stopped by VSTOP (not by tcflow's TCOOFF, which IXANY leaves alone). */
        boolean stoppedByInput();
    }

    private final Sink sink;
    private Termios termios;
    private int iflag;
    private int oflag;
    private int lflag;
    private byte[] cc;
    private final ByteRing buffer = new ByteRing(BUF_SIZE);
    /** Bytes ever taken out of buffer, so that absolute positions name its bytes. */
    private long consumed;
    /** Canonical mode: where each completed line ends (absolute positions, oldest first). */
    private final ArrayDeque<Long> lineEnds = new ArrayDeque<>();
    /** Canonical mode: where the line being edited starts. */
    private long lineStart;
    /** VLNEXT seen: the next byte is taken literally. */
    private boolean literalNext;

    LineDiscipline(Termios termios, Sink sink) {
        this.sink = sink;
        setTermios(termios);
    }

    Termios termios() {
        return termios;
    }

    /**
     * Changes the settings (n_tty_set_termios): leaving canonical mode makes the line being
     * edited readable; entering it makes what is pending one line.
     */
    void setTermios(Termios t) {
        boolean wasCanonical = termios != null && canonical();
        this.termios = t;
        this.iflag = t.iflag();
        this.oflag = t.oflag();
        this.lflag = t.lflag();
        this.cc = t.cc();
        if (wasCanonical && !canonical()) {
            lineEnds.clear();
        } else if (!wasCanonical && canonical() && termios != null) {
            lineEnds.clear();
            if (buffer.size() > 0) {
                lineEnds.add(end());
            }
            lineStart = end();
        }
        literalNext = false;
    }

    boolean canonical() {
        return (lflag & ICANON) != 0;
    }

    private long end() {
        return consumed + buffer.size();
    }

    /**
     * Bytes a read could take now: canonical mode counts completed lines only (FIONREAD's
     * inq_canon); the other modes every byte.
     */
    int available() {
        if (canonical()) {
            return lineEnds.isEmpty() ? 0 : (int) (lineEnds.peekLast() - consumed);
        }
        return buffer.size();
    }

    /** Canonical mode: whether a completed line (perhaps empty, ended by VEOF) waits. */
    boolean lineReady() {
        return !lineEnds.isEmpty();
    }

    /** Whether the read buffer cannot take another byte (the writer must wait for the reader). */
    boolean full() {
        // A full buffer holding one unfinished line would never drain: it overflows instead.
        return buffer.size() >= BUF_SIZE - 1 && !(canonical() && lineEnds.isEmpty());
    }

    /** Canonical read: up to the end of the first line (the rest of it stays for the next read). */
    int readLine(ByteBuffer dst) {
        long lineEnd = lineEnds.getFirst();
        int n = buffer.take(dst, (int) (lineEnd - consumed));
        consumed += n;
        if (consumed == lineEnd) {
            lineEnds.removeFirst();
        }
        return n;
    }

    /** Non-canonical read: whatever is buffered, up to dst's room. */
    int readRaw(ByteBuffer dst) {
        int n = buffer.take(dst, Integer.MAX_VALUE);
        consumed += n;
        lineStart = Math.max(lineStart, consumed);
        return n;
    }

    /** Discards what was received and not read (TCFLSH TCIFLUSH, TCSETSF, ISIG without NOFLSH). */
    void flush() {
        consumed += buffer.size();
        buffer.clear();
        lineEnds.clear();
        lineStart = consumed;
    }

    /** OPOST processing of bytes the program writes (and of echoes). */
    byte[] processOutput(byte[] in, int off, int len) {
        if ((oflag & OPOST) == 0) {
            return java.util.Arrays.copyOfRange(in, off, off + len);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 8);
        for (int i = off; i < off + len; i++) {
            outputChar(out, in[i]);
        }
        return out.toByteArray();
    }

    private void outputChar(ByteArrayOutputStream out, byte b) {
        if ((oflag & OPOST) == 0) {
            out.write(b);
            return;
        }
        if (b == '\n' && (oflag & ONLCR) != 0) {
            out.write('\r');
            out.write('\n');
        } else if (b == '\r' && (oflag & OCRNL) != 0) {
            out.write('\n');
        } else if ((oflag & OLCUC) != 0 && b >= 'a' && b <= 'z') {
            out.write(b - 'a' + 'A');
        } else {
            out.write(b);
        }
    }

    /**
     * Takes bytes the terminal received (written to the master); returns how many were taken,
     * fewer than len only when the buffer filled (the writer waits for the reader then).
     */
    int receive(byte[] data, int off, int len) {
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        int i = 0;
        for (; i < len; i++) {
            if (full()) {
                break;
            }
            receiveChar(data[off + i] & 0xff, echo);
        }
        if (echo.size() > 0) {
            sink.echo(echo.toByteArray());
        }
        return i;
    }

    private boolean isSpecial(int c, int index) {
        return cc[index] != 0 && c == (cc[index] & 0xff);
    }

    private boolean on(int flag) {
        return (lflag & flag) != 0;
    }

    private void receiveChar(int c, ByteArrayOutputStream echo) {
        if ((iflag & ISTRIP) != 0) {
            c &= 0x7f;
        }
        if (literalNext) {
            literalNext = false;
            if (on(ECHO)) {
                echo.write('\b');
                echoChar(echo, c);
            }
            store(c);
            return;
        }
        if ((iflag & IXON) != 0) {
            // n_tty_receive_char_flow_ctrl: START first, so equal characters restart.
            if (isSpecial(c, VSTART)) {
                sink.flow(true);
                return;
            }
            if (isSpecial(c, VSTOP)) {
                sink.flow(false);
                return;
            }
            if ((iflag & IXANY) != 0 && sink.stoppedByInput()) {
                sink.flow(true);
            }
        }
        if (c == '\r') {
            if ((iflag & IGNCR) != 0) {
                return;
            }
            if ((iflag & ICRNL) != 0) {
                c = '\n';
            }
        } else if (c == '\n' && (iflag & INLCR) != 0) {
            c = '\r';
        }
        if (on(ISIG)) {
            int sig = isSpecial(c, VINTR) ? Signals.SIGINT : isSpecial(c, VQUIT) ? Signals.SIGQUIT
                    : isSpecial(c, VSUSP) ? Signals.SIGTSTP : 0;
            if (sig != 0) {
                boolean flush = !on(NOFLSH);
                if (flush) {
                    flush();
                    echo.reset();
                }
                sink.signal(sig, flush);
                if (on(ECHO)) {
                    echoChar(echo, c);
                }
                return;
            }
        }
        if (canonical()) {
            if (isSpecial(c, VERASE) || isSpecial(c, VKILL) || (on(IEXTEN) && isSpecial(c, VWERASE))) {
                erase(c, echo);
                return;
            }
            if (on(IEXTEN) && isSpecial(c, VLNEXT)) {
                literalNext = true;
                if (on(ECHO) && on(ECHOCTL)) {
                    echo.write('^');
                }
                return;
            }
            if (c == '\n') {
                if (on(ECHO) || on(ECHONL)) {
                    echoRaw(echo, '\n');
                }
                store(c);
                endLine();
                return;
            }
            if (isSpecial(c, VEOF)) {
                // The line ends without the EOF character; an empty one reads as end of file.
                endLine();
                return;
            }
            if (isSpecial(c, VEOL) || (on(IEXTEN) && isSpecial(c, VEOL2))) {
                if (on(ECHO)) {
                    echoChar(echo, c);
                }
                store(c);
                endLine();
                return;
            }
            if (on(IEXTEN) && on(ECHO) && isSpecial(c, VREPRINT)) {
                echoChar(echo, c);
                echoRaw(echo, '\n');
                for (long p = lineStart; p < end(); p++) {
                    echoChar(echo, byteAt(p));
                }
                return;
            }
        }
        if (on(ECHO)) {
            if (c == '\n') {
                echoRaw(echo, '\n');
            } else {
                echoChar(echo, c);
            }
        }
        store(c);
    }

    private void store(int c) {
        if (buffer.free() > 0) {
            buffer.put((byte) c);
        }
    }

    private void endLine() {
        lineEnds.add(end());
        lineStart = end();
    }

    private int byteAt(long absolute) {
        return buffer.get((int) (absolute - consumed)) & 0xff;
    }

    /** n_tty's eraser: VERASE takes back one character, VWERASE a word, VKILL the line. */
    private void erase(int c, ByteArrayOutputStream echo) {
        if (end() == lineStart) {
            return;
        }
        boolean kill = isSpecial(c, VKILL);
        boolean word = !kill && !isSpecial(c, VERASE);
        if (kill && (!on(ECHO) || !on(ECHOK) || !on(ECHOKE) || !on(ECHOE))) {
            while (end() > lineStart) {
                buffer.dropLast();
            }
            if (on(ECHO)) {
                echoChar(echo, c);
                if (on(ECHOK)) {
                    echoRaw(echo, '\n');
                }
            }
            return;
        }
        boolean seenWordChar = false;
        while (end() > lineStart) {
            int last = buffer.last() & 0xff;
            if (word) {
                boolean wordChar = Character.isLetterOrDigit(last) || last == '_';
                if (wordChar) {
                    seenWordChar = true;
                } else if (seenWordChar) {
                    break;
                }
            }
            buffer.dropLast();
            if (on(ECHO)) {
                if (!kill && !word && !on(ECHOE)) {
                    echoChar(echo, c);
                } else {
                    boolean control = last < 0x20 || last == 0x7f;
                    if (control && last != '\t' && on(ECHOCTL)) {
                        echoRaw(echo, '\b');
                        echoRaw(echo, ' ');
                        echoRaw(echo, '\b');
                    }
                    if (!control || on(ECHOCTL) || last == '\t') {
                        echoRaw(echo, '\b');
                        echoRaw(echo, ' ');
                        echoRaw(echo, '\b');
                    }
                }
            }
            if (!kill && !word) {
                break;
            }
        }
    }

    /** echo_char: a control character shows as ^X with ECHOCTL (not tab, not newline). */
    private void echoChar(ByteArrayOutputStream echo, int c) {
        boolean control = c < 0x20 || c == 0x7f;
        if (on(ECHOCTL) && control && c != '\t' && c != '\n') {
            echo.write('^');
            echo.write(c ^ 0100);
        } else {
            echoRaw(echo, c);
        }
    }

    private void echoRaw(ByteArrayOutputStream echo, int c) {
        outputChar(echo, (byte) c);
    }
}
