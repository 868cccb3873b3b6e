package org.jail4j;

/**
 * A parameter, name or value rejected before any system call, so nothing was changed. It
 * carries the errno the kernel would have answered (EINVAL, ENAMETOOLONG, EPERM) and a message
 * naming the parameter and the rule, e.g.
 * {@code create www: enforce_statfs: EINVAL: must be 0, 1 or 2, not 3}.
 */
public class InvalidParamException extends JailException {
    private static final long serialVersionUID = 1L;

    public InvalidParamException(String call, String jail, String param, String errno, String reason) {
        super(call, jail, param, errno, reason, null);
    }

    public InvalidParamException(String call, String jail, String param, String reason) {
        this(call, jail, param, "EINVAL", reason);
    }

    /** The rule that was broken, without the call, jail and parameter. */
    public String reason() {
        return kernelMessage();
    }
}
