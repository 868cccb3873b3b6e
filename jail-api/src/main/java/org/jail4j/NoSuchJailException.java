package org.jail4j;

/** ENOENT: The jail (or, for a path, the file) does not exist. */
public class NoSuchJailException extends JailException {
    private static final long serialVersionUID = 1L;

    public NoSuchJailException(String call, String jail, String param, String kernelMessage, Throwable cause) {
        super(call, jail, param, "ENOENT", kernelMessage, cause);
    }
}
