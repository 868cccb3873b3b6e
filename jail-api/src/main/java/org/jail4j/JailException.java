package org.jail4j;

/**
 * Every failure of a jail operation. Unchecked, because {@code Stream}s and {@code close()} must
 * carry it. The message always has one shape, naming the call, the jail, the parameter, the
 * errno symbol and the kernel's own text where each is known:
 * {@code jail_set www: ip4.addr: EINVAL: unknown parameter: ip4.addr}.
 *
 * <p>Subclasses exist only where callers branch: {@link NoSuchJailException} (ENOENT),
 * {@link JailExistsException} (EEXIST), {@link JailPermissionException} (EPERM) and
 * {@link InvalidParamException} (validation before any syscall).
 */
public class JailException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final String jail;
    private final String param;
    private final String errno;
    private final String kernelMessage;

    public JailException(String call, String jail, String param, String errno, String kernelMessage,
                         Throwable cause) {
        super(format(call, jail, param, errno, kernelMessage), cause);
        this.call = call;
        this.jail = jail;
        this.param = param;
        this.errno = errno;
        this.kernelMessage = kernelMessage;
    }

    /** The exception of the right subclass for {@code errno} (a symbol such as {@code "ENOENT"}). */
    public static JailException of(String call, String jail, String param, String errno, String kernelMessage,
                                   Throwable cause) {
        if (errno == null) {
            return new JailException(call, jail, param, null, kernelMessage, cause);
        }
        switch (errno) {
            case "ENOENT":
                return new NoSuchJailException(call, jail, param, kernelMessage, cause);
            case "EEXIST":
                return new JailExistsException(call, jail, param, kernelMessage, cause);
            case "EPERM":
                return new JailPermissionException(call, jail, param, kernelMessage, cause);
            default:
                return new JailException(call, jail, param, errno, kernelMessage, cause);
        }
    }

    static String format(String call, String jail, String param, String errno, String kernelMessage) {
        StringBuilder b = new StringBuilder();
        b.append(call == null ? "jail4j" : call);
        if (jail != null) {
            b.append(' ').append(jail);
        }
        if (param != null) {
            b.append(": ").append(param);
        }
        if (errno != null) {
            b.append(": ").append(errno);
        }
        if (kernelMessage != null) {
            b.append(": ").append(kernelMessage);
        }
        return b.toString();
    }

    /** The operation: {@code jail_set}, {@code jail_get}, {@code create}, {@code exec}, ... */
    public String call() {
        return call;
    }

    /** The jail's name, or {@code #jid}; null before one exists. */
    public String jail() {
        return jail;
    }

    /** The parameter at fault, or null. */
    public String param() {
        return param;
    }

    /** The errno symbol, e.g. {@code "EPERM"}; null for a validation failure. */
    public String errno() {
        return errno;
    }

    /** The kernel's own text (errmsg), or the validation message; null when there is none. */
    public String kernelMessage() {
        return kernelMessage;
    }
}
