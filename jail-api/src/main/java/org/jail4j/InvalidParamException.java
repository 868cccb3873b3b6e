package org.jail4j;

import java.util.Objects;

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

    /**
     * This failure as seen from an operation on a jail: the same parameter, errno and reason, with
     * the call ({@code "create"}, {@code "update"}) and jail filled in where this one had none,
     * and this one's stack trace. Thrown by the builders so that a rule broken deep inside a
     * {@link JailParam} reads {@code create www: enforce_statfs: EINVAL: must be 0, 1 or 2, not 3}.
     */
    public InvalidParamException withContext(String call, String jail) {
        String c = call() != null ? call() : call;
        String j = jail() != null ? jail() : jail;
        if (Objects.equals(c, call()) && Objects.equals(j, jail())) {
            return this;
        }
        InvalidParamException e = new InvalidParamException(c, j, param(), errno(), reason());
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The rule that was broken, without the call, jail and parameter. */
    public String reason() {
        return kernelMessage();
    }
}
