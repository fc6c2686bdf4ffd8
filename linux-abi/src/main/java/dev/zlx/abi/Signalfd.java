package dev.zlx.abi;

/**
 * signalfd(2): the flags of signalfd4 and struct signalfd_siginfo (linux/signalfd.h; 128 bytes,
 * the same on x86-64 and aarch64), filled from a siginfo as fs/signalfd.c's signalfd_copyinfo
 * does: by the union member the signal came with.
 */
public final class Signalfd {
    public static final int SFD_CLOEXEC = Fcntl.O_CLOEXEC;
    public static final int SFD_NONBLOCK = Fcntl.O_NONBLOCK;
    /** sizeof(struct signalfd_siginfo): a read returns whole records. */
    public static final int SIGINFO_SIZE = 128;

    private static final int SSI_SIGNO = 0;
    private static final int SSI_ERRNO = 4;
    private static final int SSI_CODE = 8;
    private static final int SSI_PID = 12;
    private static final int SSI_UID = 16;
    private static final int SSI_FD = 20;
    private static final int SSI_TID = 24;
    private static final int SSI_BAND = 28;
    private static final int SSI_OVERRUN = 32;
    private static final int SSI_STATUS = 40;
    private static final int SSI_INT = 44;
    private static final int SSI_PTR = 48;
    private static final int SSI_ADDR = 72;

    private Signalfd() {
    }

    /** The signalfd_siginfo record for a dequeued signal. */
    public static byte[] encode(Siginfo info) {
        byte[] b = new byte[SIGINFO_SIZE];
        LittleEndian.putU32(b, SSI_SIGNO, info.signo());
        LittleEndian.putU32(b, SSI_ERRNO, 0);
        LittleEndian.putU32(b, SSI_CODE, info.code());
        switch (info.layout()) {
            case KILL -> {
                LittleEndian.putU32(b, SSI_PID, info.pid());
                LittleEndian.putU32(b, SSI_UID, info.uid());
            }
            case QUEUE -> {
                LittleEndian.putU32(b, SSI_PID, info.pid());
                LittleEndian.putU32(b, SSI_UID, info.uid());
                LittleEndian.putU64(b, SSI_PTR, info.value());
                LittleEndian.putU32(b, SSI_INT, (int) info.value());
            }
            case TIMER -> {
                // Siginfo keeps the timer id in pid and the overrun in uid.
                LittleEndian.putU32(b, SSI_TID, info.pid());
                LittleEndian.putU32(b, SSI_OVERRUN, info.uid());
                LittleEndian.putU64(b, SSI_PTR, info.value());
                LittleEndian.putU32(b, SSI_INT, (int) info.value());
            }
            case CHILD -> {
                LittleEndian.putU32(b, SSI_PID, info.pid());
                LittleEndian.putU32(b, SSI_UID, info.uid());
                LittleEndian.putU32(b, SSI_STATUS, (int) info.value());
            }
            case FAULT -> LittleEndian.putU64(b, SSI_ADDR, info.addr());
            case POLL -> {
                LittleEndian.putU32(b, SSI_FD, info.pid());
                LittleEndian.putU32(b, SSI_BAND, (int) info.value());
            }
        }
        return b;
    }
}
