package org.jail4j;

import java.util.Objects;
import java.util.Optional;

import org.jail4j.ffi.IovecList;

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
        READ_ONLY;

        /** sysctl's CTLFLAG_RD. */
        static final int CTLFLAG_RD = 0x80000000;
        /** sysctl's CTLFLAG_WR. */
        static final int CTLFLAG_WR = 0x40000000;
        /** sysctl's CTLFLAG_TUN: for a jail parameter, "may be given at creation". */
        static final int CTLFLAG_TUN = 0x00080000;

        /**
         * The access of a {@code security.jail.param.*} OID from the kind its sysctl reports
         * ({@code {0,4}}): read-write is settable, read-only with TUN (RDTUN) is create-only,
         * read-only without it is read-only. E.g. {@code 0x800c1002} ({@code ip4}, {@code jid})
         * is create-only.
         */
        public static Access ofSysctlKind(int kind) {
            if ((kind & CTLFLAG_WR) != 0) {
                return SETTABLE;
            }
            return (kind & CTLFLAG_TUN) != 0 ? CREATE_ONLY : READ_ONLY;
        }
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
        if (format == ParamFormat.PSEUDO) {
            throw new IllegalArgumentException(name + ": the kernel has no pseudo-parameters");
        }
        return discovered(name, format, access, maxLength, Codecs.of(format));
    }

    private static <T> JailParam<T> discovered(String name, ParamFormat format, Access access, int maxLength,
                                               Codec<T> codec) {
        return new JailParam<>(name, format, access, maxLength, null, "discovered from the kernel", codec,
                Validators.forFormat(format));
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

    /**
     * The size of a jail_get output buffer that holds any value: a string's maximum length, a
     * fixed type's size (4 for int, uint, bool and jailsys, 8 for long), or room for
     * jail_max_af_ips (255) addresses.
     */
    public int outputSize() {
        return outputSize(Validators.MAX_ADDRESSES);
    }

    /**
     * The size of a jail_get output buffer; {@code elements} addresses for an array parameter
     * (ignored otherwise). A string whose maximum the catalogue does not know, and a
     * pseudo-parameter, have none: {@link IllegalStateException}.
     */
    public int outputSize(int elements) {
        if (format.isArray()) {
            if (elements < 0) {
                throw new IllegalArgumentException(name + ": negative element count " + elements);
            }
            return Math.multiplyExact(elements, format.elementSize());
        }
        if (format.elementSize() > 0) {
            return format.elementSize();
        }
        if (isPseudo() || maxLength <= 0) {
            throw new IllegalStateException(name + ": " + (isPseudo() ? "a jail(8) pseudo-parameter has no kernel value"
                    : "no maximum length known; discover it from the kernel"));
        }
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

    /**
     * The value as this parameter's type (list and map elements included, collections copied
     * into immutable ones), or an {@link InvalidParamException} naming it:
     * {@code enforce_statfs: EINVAL: expected Integer, got String}.
     */
    public T cast(Object value) {
        Objects.requireNonNull(value, name);
        return codec.cast(name, value);
    }

    /**
     * Checks the kernel's rules for this value; throws {@link InvalidParamException} naming the
     * parameter. A string longer than its maximum is ENAMETOOLONG, as the kernel answers
     * ({@code meta}/{@code env}: EFBIG); a NUL inside a string would cut it short in the kernel.
     */
    public void validate(T value) {
        Objects.requireNonNull(value, name);
        // The parameter's own rule first: it may answer as the kernel does where the general one would not.
        if (validator != null) {
            validator.check(this, value);
        }
        if (format == ParamFormat.STRING || format == ParamFormat.KEYVALUE) {
            byte[] bytes = codec.encode(name, value);
            for (int i = 0; i < bytes.length - 1; i++) {
                if (bytes[i] == 0) {
                    throw new InvalidParamException(null, null, name, "must not contain a NUL byte");
                }
            }
            if (maxLength > 0 && bytes.length > maxLength) {
                throw new InvalidParamException(null, null, name,
                        format == ParamFormat.KEYVALUE ? "EFBIG" : "ENAMETOOLONG",
                        "at most " + (maxLength - 1) + " bytes, got " + (bytes.length - 1));
            }
        }
    }

    /**
     * Adds this parameter with {@code value} to a jail_set list, validated first: a boolean as
     * its name or {@code no} name with a NULL value, anything else as its encoded bytes (an
     * empty address list as NULL/0). Returns the index of the value iovec. For the engines.
     */
    public int addTo(IovecList iov, T value) {
        T v = cast(value);
        if (isPseudo()) {
            throw new InvalidParamException(null, null, name, "is a jail(8) pseudo-parameter, not a kernel parameter");
        }
        validate(v);
        return isBoolean() ? iov.addBool(name, (Boolean) v) : iov.add(name, encode(v));
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
