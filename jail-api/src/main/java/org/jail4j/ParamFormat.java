package org.jail4j;

/**
 * A parameter's kernel type, as the sysctl format string of {@code security.jail.param.NAME}
 * spells it, with the size of one value in {@code jail_set}'s iovec (amd64).
 */
public enum ParamFormat {
    INT("I", 4),
    UINT("IU", 4),
    LONG("L", 8),
    ULONG("LU", 8),
    S64("Q", 8),
    U64("QU", 8),
    /** NUL-terminated; the maximum length (NUL included) is per parameter. */
    STRING("A", -1),
    /** Sent by name alone ({@code persist} / {@code nopersist}); read back as a 4-byte int. */
    BOOL("B", 4),
    JAILSYS("E,jailsys", 4),
    IN_ADDR_ARRAY("S,in_addr,a", 4),
    IN6_ADDR_ARRAY("S,in6_addr,a", 16),
    /** {@code key=value} lines joined by newlines, NUL-terminated ({@code meta}, {@code env}). */
    KEYVALUE("A,keyvalue", -1),
    /**
     * {@code struct mac} (MAC kernels only): a length and a pointer to the label text. jail4j
     * carries the label as text and refuses to encode or decode it.
     */
    MAC("S,mac", -1),
    /** Not a kernel parameter: a jail(8) pseudo-parameter, text only. */
    PSEUDO("", -1);

    private final String sysctlFormat;
    private final int elementSize;

    ParamFormat(String sysctlFormat, int elementSize) {
        this.sysctlFormat = sysctlFormat;
        this.elementSize = elementSize;
    }

    /** The sysctl format string, e.g. {@code "S,in_addr,a"}. */
    public String sysctlFormat() {
        return sysctlFormat;
    }

    /** Bytes of one value (one element for arrays); -1 where it varies. */
    public int elementSize() {
        return elementSize;
    }

    public boolean isArray() {
        return this == IN_ADDR_ARRAY || this == IN6_ADDR_ARRAY;
    }

    /** The format for a sysctl format string, or empty if jail4j does not know it. */
    public static java.util.Optional<ParamFormat> ofSysctl(String fmt) {
        for (ParamFormat f : values()) {
            if (f != PSEUDO && f.sysctlFormat.equals(fmt)) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }
}
