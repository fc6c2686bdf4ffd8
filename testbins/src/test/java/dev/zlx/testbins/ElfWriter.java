package dev.zlx.testbins;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes tiny static ELF64 x86-64 executables, valid or deliberately hostile, for the bad-input
 * tests. The layout is fixed: the ELF header, then the program headers, then the code; the
 * default image has one PT_LOAD of the whole file at {@link #BASE} whose code is
 * {@code exit(7)}. Callers change any field before {@link #bytes()}.
 */
final class ElfWriter {
    static final long BASE = 0x400000;
    static final int PT_LOAD = 1;
    static final int PT_INTERP = 3;
    static final int PF_X = 1;
    static final int PF_W = 2;
    static final int PF_R = 4;

    /** mov edi, 7; mov eax, 60 (exit); syscall. */
    private static final byte[] EXIT_7 = {
        (byte) 0xbf, 7, 0, 0, 0, (byte) 0xb8, 60, 0, 0, 0, 0x0f, 0x05
    };

    /** One program header; every field may be changed. */
    static final class Segment {
        int type = PT_LOAD;
        int flags = PF_R | PF_X;
        long offset;
        long vaddr = BASE;
        long filesz;
        long memsz;
        long align = 0x1000;
    }

    final List<Segment> segments = new ArrayList<>();
    long entry;
    long phoff = 64;
    int machine = 62; // EM_X86_64
    int elfClass = 2; // ELFCLASS64

    /** An exit(7) program: one R+X PT_LOAD covering the whole file. */
    static ElfWriter exit7() {
        ElfWriter w = new ElfWriter();
        Segment s = new Segment();
        w.segments.add(s);
        long size = w.codeOffset() + EXIT_7.length;
        s.filesz = size;
        s.memsz = size;
        w.entry = BASE + w.codeOffset();
        return w;
    }

    Segment addSegment() {
        Segment s = new Segment();
        segments.add(s);
        return s;
    }

    private int codeOffset() {
        return 64 + 56 * 4; // room for up to four program headers
    }

    byte[] bytes() {
        if (segments.size() > 4) {
            throw new IllegalStateException("at most four segments");
        }
        ByteBuffer b = ByteBuffer.allocate(codeOffset() + EXIT_7.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, 1, 1, 0});
        b.position(16);
        b.putShort((short) 2); // ET_EXEC
        b.putShort((short) machine);
        b.putInt(1); // EV_CURRENT
        b.putLong(entry);
        b.putLong(phoff);
        b.putLong(0); // e_shoff
        b.putInt(0); // e_flags
        b.putShort((short) 64); // e_ehsize
        b.putShort((short) 56); // e_phentsize
        b.putShort((short) segments.size());
        b.putShort((short) 64); // e_shentsize
        b.putShort((short) 0); // e_shnum
        b.putShort((short) 0); // e_shstrndx
        for (Segment s : segments) {
            b.putInt(s.type);
            b.putInt(s.flags);
            b.putLong(s.offset);
            b.putLong(s.vaddr);
            b.putLong(s.vaddr); // p_paddr
            b.putLong(s.filesz);
            b.putLong(s.memsz);
            b.putLong(s.align);
        }
        b.position(codeOffset());
        b.put(EXIT_7);
        return b.array();
    }
}
