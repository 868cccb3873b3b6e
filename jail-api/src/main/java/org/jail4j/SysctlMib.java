package org.jail4j;

import java.util.Objects;

/**
 * A typed sysctl name: {@code SysctlMib<Integer>} for the kernel's int, uint and smaller integer
 * types, {@code Long} for long and 64-bit ones, {@code String} for strings, {@code byte[]} for
 * opaque values. The constants are in {@link Sysctl}.
 *
 * @param name the dotted name, e.g. {@code security.jail.jailed}
 * @param type the Java type of its value
 * @param <T>  the Java type of its value
 */
public record SysctlMib<T>(String name, Class<T> type) {
    public SysctlMib {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public static SysctlMib<Integer> integer(String name) {
        return new SysctlMib<>(name, Integer.class);
    }

    public static SysctlMib<Long> longValue(String name) {
        return new SysctlMib<>(name, Long.class);
    }

    public static SysctlMib<String> string(String name) {
        return new SysctlMib<>(name, String.class);
    }

    @Override
    public String toString() {
        return name;
    }
}
