package org.jail4j;

import java.util.Objects;
import java.util.Optional;

/**
 * A typed key for one jail parameter: its kernel name, Java type, kernel format, access, default
 * and a one-line description. The type is checked when the code compiles
 * ({@code spec.set(JailParams.PERSIST, true)}); the kernel's rules are checked by
 * {@link #validate} before any system call.
 *
 * <p>The catalogue of known parameters is {@link JailParams}. A parameter the catalogue lacks is
 * reached through {@link JailParams#discover}, which reads its type from the kernel.
 *
 * @param <T> the Java type of the value
 */
public final class JailParam<T> {
    /** When a parameter may be given. */
    public enum Access {
        /** At creation and on update. */
        SETTABLE,
        /** Only when the jail is created (RDTUN): refused on update. */
        CREATE_ONLY,
        /** Reported by the kernel, never set. */
        READ_ONLY
    }

    private final String name;
    private final ParamFormat format;
    private final Access access;
    private final int maxLength;
    private final T defaultValue;
    private final String doc;
    private final Codec<T> codec;
    private final Validator<T> validator;

    /** A range or shape rule checked before any syscall; throws {@link InvalidParamException} naming the parameter. */
    @FunctionalInterface
    interface Validator<T> {
        void check(JailParam<T> param, T value);
    }

    JailParam(String name, ParamFormat format, Access access, int maxLength, T defaultValue, String doc,
              Codec<T> codec, Validator<T> validator) {
        this.name = Objects.requireNonNull(name, "name");
        this.format = Objects.requireNonNull(format, "format");
        this.access = Objects.requireNonNull(access, "access");
        this.maxLength = maxLength;
        this.defaultValue = defaultValue;
        this.doc = doc;
        this.codec = Objects.requireNonNull(codec, "codec");
        this.validator = validator;
    }

    /**
     * A parameter whose type was read from the kernel at run time ({@code security.jail.param.*}):
     * for engines and {@link JailParams#discover}. {@code maxLength} is the string maximum (NUL
     * included) the kernel advertises, or -1.
     */
    public static JailParam<?> discovered(String name, ParamFormat format, Access access, int maxLength) {
        return new JailParam<>(name, format, access, maxLength, null, "discovered from the kernel",
                Codecs.of(format), null);
    }

    /** The kernel's spelling, e.g. {@code "ip4.addr"}. */
    public String name() {
        return name;
    }

    public ParamFormat format() {
        return format;
    }

    public Access access() {
        return access;
    }

    /** The Java type of the value ({@code Integer}, {@code String}, {@code List}, ...). */
    public Class<?> type() {
        return codec.type();
    }

    /** For strings: the largest value in bytes, NUL included (MAXHOSTNAMELEN is 256); -1 otherwise. */
    public int maxLength() {
        return maxLength;
    }

    /** What a new jail gets when the parameter is not given, where the kernel documents it. */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String doc() {
        return doc;
    }

    /** True for jail(8)'s pseudo-parameters ({@code exec.*}, {@code mount.*}, ...), which never reach the kernel. */
    public boolean isPseudo() {
        return format == ParamFormat.PSEUDO;
    }

    /** True for {@code B} parameters, which jail_set takes by name alone and which have a {@code no} form. */
    public boolean isBoolean() {
        return format == ParamFormat.BOOL;
    }

    /** The value as this parameter's type, or an {@link InvalidParamException} naming it. */
    public T cast(Object value) {
        Objects.requireNonNull(value, name);
        if (!codec.type().isInstance(value)) {
            throw new InvalidParamException(null, null, name, "expected a " + codec.type().getSimpleName()
                    + ", got a " + value.getClass().getSimpleName());
        }
        @SuppressWarnings("unchecked")
        T t = (T) value;
        return t;
    }

    /** Checks the kernel's rules for this value; throws {@link InvalidParamException} naming the parameter. */
    public void validate(T value) {
        Objects.requireNonNull(value, name);
        if (maxLength > 0 && (format == ParamFormat.STRING || format == ParamFormat.KEYVALUE)) {
            int bytes = codec.encode(name, value).length;
            if (bytes > maxLength) {
                throw new InvalidParamException(null, null, name, "ENAMETOOLONG",
                        "at most " + (maxLength - 1) + " bytes, got " + (bytes - 1));
            }
        }
        if (validator != null) {
            validator.check(this, value);
        }
    }

    /** The kernel bytes of a value, host byte order. */
    public byte[] encode(T value) {
        return codec.encode(name, value);
    }

    /** The value from the kernel's bytes. */
    public T decode(byte[] raw) {
        return codec.decode(name, raw);
    }

    /** The value as jls and jail.conf write it. */
    public String toText(T value) {
        return codec.text(value);
    }

    /** The value from jail.conf or jail(8) command-line text. */
    public T fromText(String text) {
        return codec.parse(name, text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JailParam && ((JailParam<?>) o).name.equals(name)
                && ((JailParam<?>) o).format == format;
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
