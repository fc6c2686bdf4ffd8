package dev.zlx.cpu;

/**
 * Thrown by {@link AddressSpace} accessors when the kernel touches a guest address that is not
 * mapped, or not mapped with the access it needs. The kernel turns it into EFAULT. Stackless:
 * a bad guest pointer is an ordinary event, not a bug in zlx.
 */
public final class GuestMemoryFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long address;

    public GuestMemoryFault(long address) {
        super(null, null, false, false);
        this.address = address;
    }

    /** The first guest address that could not be accessed. */
    public long address() {
        return address;
    }

    @Override
    public String getMessage() {
        return "bad guest address 0x" + Long.toHexString(address);
    }
}
