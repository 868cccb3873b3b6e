package org.jail4j.ffi.linux;

import java.util.Locale;

/**
 * How an engine runs a command in an existing jail, chosen by the system property
 * {@value #PROPERTY}: {@code fastpath} (the keeper forks it on a control-socket request,
 * {@link SpawnedProcess}), {@code launcher} (a launcher process per command, exec mode) or
 * {@code auto} (the default: the fast path when the jail's keeper has a control socket and the
 * fast path gives what the launcher would: a user the jail's passwd names, restrictions unchanged
 * since the keeper started). The Linux engine reads it at each exec; its tests pin a path per
 * jail handle instead. Non-API.
 */
public enum ExecPath {
    FASTPATH,
    LAUNCHER,
    AUTO;

    public static final String PROPERTY = "jail4j.exec.path";

    /** The path the property asks for; AUTO when it is unset. */
    public static ExecPath configured() {
        String v = System.getProperty(PROPERTY, "auto").trim();
        try {
            return valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " must be fastpath, launcher or auto, not \"" + v + "\"", e);
        }
    }
}
