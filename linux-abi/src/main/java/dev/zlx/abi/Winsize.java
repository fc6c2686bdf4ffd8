package dev.zlx.abi;

/** struct winsize of TIOCGWINSZ/TIOCSWINSZ: ws_row, ws_col, ws_xpixel, ws_ypixel, each u16. */
public record Winsize(int row, int col, int xpixel, int ypixel) {
    /** sizeof(struct winsize). */
    public static final int SIZE = 8;

    /** Writes this winsize into dst at off. */
    public void write(byte[] dst, int off) {
        LittleEndian.putU16(dst, off, row);
        LittleEndian.putU16(dst, off + 2, col);
        LittleEndian.putU16(dst, off + 4, xpixel);
        LittleEndian.putU16(dst, off + 6, ypixel);
    }

    /** This winsize as SIZE bytes. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        write(b, 0);
        return b;
    }

    /** The winsize at off in src. */
    public static Winsize read(byte[] src, int off) {
        return new Winsize(LittleEndian.getU16(src, off), LittleEndian.getU16(src, off + 2),
                LittleEndian.getU16(src, off + 4), LittleEndian.getU16(src, off + 6));
    }
}
