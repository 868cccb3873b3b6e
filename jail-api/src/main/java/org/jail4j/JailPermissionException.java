package org.jail4j;

/** EPERM: The kernel refused: not privileged, or less restrictive than the parent jail. */
public class JailPermissionException extends JailException {
    private static final long serialVersionUID = 1L;

    public JailPermissionException(String call, String jail, String param, String kernelMessage, Throwable cause) {
        super(call, jail, param, "EPERM", kernelMessage, cause);
    }
}
