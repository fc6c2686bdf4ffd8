package dev.zlx.vfs;

/** The guest memory an ioctl reads its argument from or writes its result to. */
public interface IoctlMemory {
    void write(long addr, byte[] data);

    byte[] read(long addr, int length);
}
