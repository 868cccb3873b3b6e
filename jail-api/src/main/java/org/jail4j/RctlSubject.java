package org.jail4j;

import java.util.Locale;

/** Whom an rctl rule limits, or per whom it is accounted (rctl(8)). */
public enum RctlSubject {
    PROCESS,
    USER,
    LOGINCLASS,
    JAIL;

    /** The word rctl(8) and the kernel use: {@code jail}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The subject named {@code text}; an InvalidParamException for anything else. */
    public static RctlSubject of(String text) {
        for (RctlSubject s : values()) {
            if (s.text().equals(text)) {
                return s;
            }
        }
        throw new InvalidParamException("rctl", null, "subject", "not process, user, loginclass or jail: \""
                + text + "\"");
    }
}
