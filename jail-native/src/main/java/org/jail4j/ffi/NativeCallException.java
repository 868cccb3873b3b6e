package org.jail4j.ffi;

/**
 * A failed native call: which call, errno as number and symbol, and the kernel's own message
 * (the {@code errmsg} buffer of jail_set/jail_get) when it wrote one. The API layer wraps it in a
 * {@code JailException} that adds the jail and the parameter.
 */
public final class NativeCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;
    private final String errnoName;
    private final String kernelMessage;

    public NativeCallException(String call, Os numbering, int errno, String kernelMessage) {
        super(call + ": " + Errnos.name(numbering, errno)
                + ": " + (kernelMessage == null || kernelMessage.isEmpty() ? "(no message)" : kernelMessage));
        this.call = call;
        this.errno = errno;
        this.errnoName = Errnos.name(numbering, errno);
        this.kernelMessage = kernelMessage == null || kernelMessage.isEmpty() ? null : kernelMessage;
    }

    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }

    /** e.g. {@code "EINVAL"}. */
    public String errnoName() {
        return errnoName;
    }

    /** The kernel's errmsg text, or null when it wrote none. */
    public String kernelMessage() {
        return kernelMessage;
    }
}
