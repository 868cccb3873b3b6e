package org.jail4j;

/** EEXIST: A jail with that name or JID already exists. */
public class JailExistsException extends JailException {
    private static final long serialVersionUID = 1L;

    public JailExistsException(String call, String jail, String param, String kernelMessage, Throwable cause) {
        super(call, jail, param, "EEXIST", kernelMessage, cause);
    }
}
