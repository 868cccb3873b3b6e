package org.jail4j.ffi;

/** The operating systems jail4j knows how to drive. */
public enum Os {
    LINUX,
    FREEBSD,
    OTHER;

    private static final Os CURRENT = detect(System.getProperty("os.name", ""));

    /** The OS this JVM runs on. */
    public static Os current() {
        return CURRENT;
    }

    public static boolean isLinux() {
        return CURRENT == LINUX;
    }

    public static boolean isFreeBsd() {
        return CURRENT == FREEBSD;
    }

    static Os detect(String osName) {
        String n = osName.toLowerCase(java.util.Locale.ROOT);
        if (n.startsWith("linux")) {
            return LINUX;
        }
        if (n.startsWith("freebsd")) {
            return FREEBSD;
        }
        return OTHER;
    }
}
