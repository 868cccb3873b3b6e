package org.jail4j;

/**
 * Converts one parameter's Java value to and from the kernel's bytes and jail.conf/jls text.
 * Every failure names the parameter. Package-private: users reach codecs through
 * {@link JailParam}.
 */
interface Codec<T> {
    /** The Java type of the values. */
    Class<?> type();

    /** The type as messages name it, with element types: {@code List<Inet4Address>}. */
    default String typeName() {
        return type().getSimpleName();
    }

    /**
     * {@code value} as this codec's type, element types checked, collections copied so that a
     * value set once cannot change behind its holder's back; a wrong type fails naming the parameter.
     */
    default T cast(String name, Object value) {
        if (!type().isInstance(value)) {
            throw Codecs.invalid(name, "expected " + typeName() + ", got " + value.getClass().getSimpleName());
        }
        @SuppressWarnings("unchecked")
        T t = (T) value;
        return t;
    }

    /** The kernel bytes for jail_set, host byte order. Booleans encode as a 4-byte 0/1 (their jail_get form). */
    byte[] encode(String name, T value);

    /** The value from jail_get's bytes (exactly the value's {@code iov_len}). */
    T decode(String name, byte[] raw);

    /** The value as jls and jail.conf write it. */
    String text(T value);

    /** The value from jail.conf/jail(8) command-line text, as libjail's jailparam_import reads it. */
    T parse(String name, String text);
}
