package dev.zlx.vfs.tty;

import static dev.zlx.abi.TermiosFlags.N_TTY;
import static dev.zlx.abi.TermiosFlags.TCION;
import static dev.zlx.abi.TermiosFlags.TCOOFF;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Ioctls;
import dev.zlx.abi.Termios;
import dev.zlx.abi.Winsize;
import dev.zlx.vfs.IoctlMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The terminal ioctls both ends of a pty answer (tty_ioctl, tty_mode_ioctl, n_tty_ioctl); on
 * the master they act on the slave's settings, as Linux's real_tty does.
 */
final class TtyIoctls {
    /** The speed termios2 reports (a pty has none; B38400 is its nominal one). */
    private static final int SPEED = 38400;

    private TtyIoctls() {
    }

    /** Answers request for tty; readable says whether the description was opened for reading. */
    static long ioctl(Tty tty, boolean master, boolean readable, int request, long arg, IoctlMemory memory) {
        ControllingTerminal control = tty.control();
        switch (request) {
            case Ioctls.TCGETS -> memory.write(arg, tty.termios().encode());
            case Ioctls.TCGETS2 -> memory.write(arg, tty.termios().encode2(SPEED, SPEED));
            case Ioctls.TCSETS, Ioctls.TCSETSW, Ioctls.TCSETS2, Ioctls.TCSETSW2 ->
                    tty.setTermios(Termios.read(memory.read(arg, Termios.SIZE), 0), false);
            case Ioctls.TCSETSF, Ioctls.TCSETSF2 -> tty.setTermios(Termios.read(memory.read(arg, Termios.SIZE), 0), true);
            case Ioctls.TIOCGWINSZ -> memory.write(arg, tty.winsize().encode());
            case Ioctls.TIOCSWINSZ -> tty.setWinsize(Winsize.read(memory.read(arg, Winsize.SIZE), 0));
            case Ioctls.TIOCGPGRP -> writeInt(memory, arg, control.getForeground(master));
            case Ioctls.TIOCSPGRP -> control.setForeground(readInt(memory, arg));
            case Ioctls.TIOCGSID -> writeInt(memory, arg, control.getSession(master));
            case Ioctls.TIOCSCTTY -> control.setControlling(readable, (int) arg == 1);
            case Ioctls.TIOCNOTTY -> control.giveUp();
            case Ioctls.FIONREAD -> writeInt(memory, arg, master ? tty.masterAvailable() : tty.slaveAvailable());
            // A pty keeps no output of its own (pty_chars_in_buffer is gone).
            case Ioctls.TIOCOUTQ -> writeInt(memory, arg, 0);
            case Ioctls.TCFLSH -> tty.flush((int) arg);
            case Ioctls.TCXONC -> {
                if (master) {
                    // The master's own output (what it types) is not flow-controlled in zlx.
                    throw Errno.EINVAL.exception();
                }
                tty.flowControl((int) arg);
            }
            // A pty has no line to send a break on; tcdrain has nothing to wait for.
            case Ioctls.TCSBRK, Ioctls.TCSBRKP -> {
            }
            // Linux 6.2+ with dev.tty.legacy_tiocsti = 0 refuses faked input.
            case Ioctls.TIOCSTI -> throw Errno.EIO.exception();
            case Ioctls.TIOCGETD -> writeInt(memory, arg, N_TTY);
            case Ioctls.TIOCSETD -> {
                if (readInt(memory, arg) != N_TTY) {
                    throw Errno.EINVAL.exception();
                }
            }
            default -> {
                return master ? masterOnly(tty, request, arg, memory) : slaveOnly(request);
            }
        }
        return 0;
    }

    private static long masterOnly(Tty tty, int request, long arg, IoctlMemory memory) {
        switch (request) {
            case Ioctls.TIOCGPTN -> writeInt(memory, arg, tty.index());
            case Ioctls.TIOCSPTLCK -> tty.setLocked(readInt(memory, arg) != 0);
            case Ioctls.TIOCGPTLCK -> writeInt(memory, arg, tty.locked() ? 1 : 0);
            default -> throw Errno.ENOTTY.exception();
        }
        return 0;
    }

    private static long slaveOnly(int request) {
        throw Errno.ENOTTY.exception();
    }

    private static int readInt(IoctlMemory memory, long addr) {
        return ByteBuffer.wrap(memory.read(addr, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static void writeInt(IoctlMemory memory, long addr, int value) {
        memory.write(addr, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }
}
