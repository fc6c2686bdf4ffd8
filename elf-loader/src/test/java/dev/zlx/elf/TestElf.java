package dev.zlx.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds small ELF64 files in memory, valid by default, with every field settable. */
final class TestElf {
    int cls = 2;
    int data = 1;
    int identVersion = 1;
    int type = 2;
    int machine = 62;
    long version = 1;
    long entry = 0x401000;
    long phoff = 64;
    int ehsize = 64;
    int phentsize = 56;
    int phnum = -1;
    int fileSize = 0x2000;
    final List<long[]> phdrs = new ArrayList<>();
    private final List<Object[]> puts = new ArrayList<>();

    /** An ET_EXEC with a R-X PT_LOAD at 0x400000 covering the headers and a 0x2000-byte file. */
    static TestElf exec() {
        TestElf e = new TestElf();
        e.load(5, 0, 0x400000, 0x2000, 0x2000, 0x1000);
        return e;
    }

    /** An ET_DYN with a R-X PT_LOAD at 0 covering the headers. */
    static TestElf dyn() {
        TestElf e = new TestElf();
        e.type = 3;
        e.entry = 0x1000;
        e.load(5, 0, 0, 0x2000, 0x2000, 0x1000);
        return e;
    }

    TestElf phdr(int ptype, int flags, long offset, long vaddr, long filesz, long memsz,
            long align) {
        phdrs.add(new long[] {ptype, flags, offset, vaddr, vaddr, filesz, memsz, align});
        return this;
    }

    TestElf load(int flags, long offset, long vaddr, long filesz, long memsz, long align) {
        return phdr(ProgramHeader.PT_LOAD, flags, offset, vaddr, filesz, memsz, align);
    }

    /** Adds a PT_INTERP at file offset 0x1000 holding {@code path} and a NUL. */
    TestElf interp(String path) {
        byte[] b = (path + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        put(0x1000, b);
        return phdr(ProgramHeader.PT_INTERP, 4, 0x1000, 0x1000 + vaddrOfFirstLoad(), b.length,
                b.length, 1);
    }

    private long vaddrOfFirstLoad() {
        for (long[] p : phdrs) {
            if (p[0] == ProgramHeader.PT_LOAD) {
                return p[3];
            }
        }
        return 0;
    }

    TestElf put(long offset, byte[] bytes) {
        puts.add(new Object[] {offset, bytes});
        return this;
    }

    byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(fileSize).order(ByteOrder.LITTLE_ENDIAN);
        byte[] ident = {0x7f, 'E', 'L', 'F', (byte) cls, (byte) data, (byte) identVersion, 0};
        b.put(0, ident);
        b.putShort(16, (short) type);
        b.putShort(18, (short) machine);
        b.putInt(20, (int) version);
        b.putLong(24, entry);
        b.putLong(32, phoff);
        b.putShort(52, (short) ehsize);
        b.putShort(54, (short) phentsize);
        b.putShort(56, (short) (phnum >= 0 ? phnum : phdrs.size()));
        b.putShort(58, (short) 64);
        for (int i = 0; i < phdrs.size(); i++) {
            long[] p = phdrs.get(i);
            int o = (int) phoff + i * 56;
            if (o + 56 > fileSize || o < 0) {
                break;
            }
            b.putInt(o, (int) p[0]);
            b.putInt(o + 4, (int) p[1]);
            for (int k = 2; k < 8; k++) {
                b.putLong(o + 8 * (k - 1), p[k]);
            }
        }
        for (Object[] put : puts) {
            b.put((int) (long) (Long) put[0], (byte[]) put[1]);
        }
        return b.array();
    }

    ElfFile parse() throws Exception {
        return ElfFile.parse(ElfSource.of(bytes()));
    }
}
