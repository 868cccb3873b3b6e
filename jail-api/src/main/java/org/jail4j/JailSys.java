package org.jail4j;

/** The kernel's three-valued "jailsys" parameters ({@code host}, {@code ip4}, {@code vnet}, {@code sysvshm}, ...). */
public enum JailSys {
    DISABLE(0),
    NEW(1),
    INHERIT(2);

    private final int value;

    JailSys(int value) {
        this.value = value;
    }

    /** JAIL_SYS_DISABLE, JAIL_SYS_NEW or JAIL_SYS_INHERIT. */
    public int value() {
        return value;
    }

    /** The word jail.conf and jls use: {@code disable}, {@code new}, {@code inherit}. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static JailSys of(int value) {
        for (JailSys s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        throw new IllegalArgumentException("not a jailsys value: " + value);
    }
}
