package dev.zlx.abi;

import java.util.Arrays;

/**
 * The kernel's struct termios, as TCGETS returns it and TCSETS* take it (asm-generic/termbits.h):
 * c_iflag, c_oflag, c_cflag, c_lflag (u32 each) at 0-15, c_line (u8) at 16, c_cc[NCCS = 19] at 17;
 * 36 bytes. glibc's userspace struct termios is bigger (NCCS 32 plus speeds) and is not this.
 *
 * @param cc the NCCS control characters; copied on construction and on access
 */
public record Termios(int iflag, int oflag, int cflag, int lflag, int line, byte[] cc) {
    /** sizeof(struct termios) in the kernel. */
    public static final int SIZE = 36;
    /** sizeof(struct termios2) (TCGETS2): struct termios then c_ispeed and c_ospeed (u32 each). */
    public static final int SIZE2 = SIZE + 8;
    /** The number of control characters (kernel NCCS). */
    public static final int NCCS = 19;

    /** Checks that cc has NCCS entries and keeps a copy. */
    public Termios {
        if (cc.length != NCCS) {
            throw new IllegalArgumentException("c_cc needs " + NCCS + " entries, not " + cc.length);
        }
        cc = cc.clone();
    }

    /** A copy of the control characters. */
    @Override
    public byte[] cc() {
        return cc.clone();
    }

    /** Writes this termios into dst at off. */
    public void write(byte[] dst, int off) {
        LittleEndian.putU32(dst, off, iflag);
        LittleEndian.putU32(dst, off + 4, oflag);
        LittleEndian.putU32(dst, off + 8, cflag);
        LittleEndian.putU32(dst, off + 12, lflag);
        dst[off + 16] = (byte) line;
        System.arraycopy(cc, 0, dst, off + 17, NCCS);
    }

    /** This termios as SIZE bytes. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        write(b, 0);
        return b;
    }

    /** This termios as the SIZE2 bytes of a struct termios2 with the given speeds. */
    public byte[] encode2(int ispeed, int ospeed) {
        byte[] b = new byte[SIZE2];
        write(b, 0);
        LittleEndian.putU32(b, SIZE, ispeed);
        LittleEndian.putU32(b, SIZE + 4, ospeed);
        return b;
    }

    /** The termios at off in src. */
    public static Termios read(byte[] src, int off) {
        return new Termios(LittleEndian.getU32(src, off), LittleEndian.getU32(src, off + 4),
                LittleEndian.getU32(src, off + 8), LittleEndian.getU32(src, off + 12), src[off + 16] & 0xff,
                Arrays.copyOfRange(src, off + 17, off + 17 + NCCS));
    }

    /** Equal when every flag, the line discipline and every control character are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Termios t && iflag == t.iflag && oflag == t.oflag && cflag == t.cflag
                && lflag == t.lflag && line == t.line && Arrays.equals(cc, t.cc);
    }

    /** A hash of every field, consistent with equals. */
    @Override
    public int hashCode() {
        return ((((iflag * 31 + oflag) * 31 + cflag) * 31 + lflag) * 31 + line) * 31 + Arrays.hashCode(cc);
    }

    /** The fields, with cc in hexadecimal. */
    @Override
    public String toString() {
        return "Termios[iflag=0" + Integer.toOctalString(iflag) + ", oflag=0" + Integer.toOctalString(oflag)
                + ", cflag=0" + Integer.toOctalString(cflag) + ", lflag=0" + Integer.toOctalString(lflag)
                + ", line=" + line + ", cc=" + java.util.HexFormat.of().formatHex(cc) + "]";
    }
}
