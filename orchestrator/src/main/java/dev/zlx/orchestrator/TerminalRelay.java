package dev.zlx.orchestrator;

import static dev.zlx.abi.TermiosFlags.*;

import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Termios;
import dev.zlx.abi.Winsize;
import dev.zlx.vfs.host.HostTerminal;
import dev.zlx.vfs.tty.PtyMaster;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * `zlx run -t`: zlx's own terminal wired to the master of the guest's pty. The host terminal is
 * put in raw mode (so every key reaches the guest's line discipline, ^C included) and restored
 * when the run ends, however it ends; its window size is forwarded at the start and whenever
 * the host sends SIGWINCH.
 */
final class TerminalRelay implements AutoCloseable {
    private static final int STDIN = 0;

    private final PtyMaster master;
    private final byte[] saved;
    private final Thread shutdownHook;
    private Thread output;
    private volatile boolean restored;

    private TerminalRelay(PtyMaster master, byte[] saved) {
        this.master = master;
        this.saved = saved;
        this.shutdownHook = new Thread(this::restore, "zlx-tty-restore");
    }

    /** Whether zlx's standard input is a terminal (what `-t` needs). */
    static boolean hostHasTerminal() {
        return HostTerminal.termios(STDIN).isPresent();
    }

    /** Puts the host terminal in raw mode and starts copying both ways. */
    static TerminalRelay start(PtyMaster master) throws UsageError {
        byte[] saved = HostTerminal.termios(STDIN).orElseThrow(() -> new UsageError("-t needs a terminal on stdin"));
        TerminalRelay relay = new TerminalRelay(master, saved);
        Runtime.getRuntime().addShutdownHook(relay.shutdownHook);
        HostTerminal.setTermios(STDIN, raw(Termios.read(saved, 0)).encode());
        relay.forwardWindowSize();
        relay.watchWindowSize();
        relay.output = Thread.ofPlatform().name("zlx-tty-out").daemon(true).start(relay::copyOut);
        Thread.ofPlatform().name("zlx-tty-in").daemon(true).start(relay::copyIn);
        return relay;
    }

    /** cfmakeraw(3) on a kernel termios. */
    private static Termios raw(Termios t) {
        byte[] cc = t.cc();
        cc[VMIN] = 1;
        cc[VTIME] = 0;
        return new Termios(t.iflag() & ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON),
                t.oflag() & ~OPOST, (t.cflag() & ~(CSIZE | PARENB)) | CS8,
                t.lflag() & ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN), t.line(), cc);
    }

    private void forwardWindowSize() {
        HostTerminal.windowSize(STDIN).ifPresent(w -> master.tty().setWinsize(Winsize.read(w, 0)));
    }

    /** SIGWINCH of the host, where the JVM lets zlx see it. */
    @SuppressWarnings("restriction")
    private void watchWindowSize() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), s -> forwardWindowSize());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // No SIGWINCH here: the guest keeps the size it had at the start.
        }
    }

    /** The guest's output, as the master reads it, to zlx's stdout until the slave side is gone (EIO). */
    @SuppressWarnings("resource")
    private void copyOut() {
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        ByteBuffer buf = ByteBuffer.allocate(4096);
        try {
            while (true) {
                buf.clear();
                int n = master.read(buf);
                out.write(buf.array(), 0, n);
                out.flush();
            }
        } catch (LinuxException | IOException end) {
            // EIO: every slave descriptor is closed; or the host side went away.
        }
    }

    /** zlx's stdin to the master, as typed. */
    @SuppressWarnings("resource")
    private void copyIn() {
        InputStream in = new FileInputStream(FileDescriptor.in);
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                master.write(ByteBuffer.wrap(buf, 0, n));
            }
        } catch (LinuxException | IOException end) {
            // The guest's terminal is gone, or zlx's stdin ended.
        }
    }

    private synchronized void restore() {
        if (!restored) {
            restored = true;
            HostTerminal.setTermios(STDIN, saved);
        }
    }

    /** Waits briefly for the last output, closes the master and restores the host terminal. */
    @Override
    public void close() {
        try {
            if (output != null) {
                output.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            master.close();
            restore();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs anyway.
            }
        }
    }
}
