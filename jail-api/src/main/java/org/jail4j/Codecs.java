package org.jail4j;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jail4j.ffi.KernelValues;

/**
 * The codecs of the kernel formats. The bytes are {@link KernelValues}' (integers in host byte
 * order, addresses in network order, strings with their NUL); the text is what jls(8) prints and
 * jail.conf(5) takes: {@code true}/{@code false}, {@code disable}/{@code new}/{@code inherit},
 * decimal numbers, comma-separated IP literals. Text is never resolved through DNS.
 */
final class Codecs {
    private Codecs() {
    }

    static final Codec<Integer> INT32 = new IntCodec(false);
    static final Codec<Integer> UINT32 = new IntCodec(true);
    static final Codec<Long> INT64 = new LongCodec(false);
    static final Codec<Long> UINT64 = new LongCodec(true);
    static final Codec<Boolean> BOOL = new BoolCodec();
    static final Codec<JailSys> JAILSYS = new JailSysCodec();
    static final Codec<String> STRING = new StringCodec();
    static final Codec<List<Inet4Address>> INET4S = new AddressesCodec<>(KernelValues.IN_ADDR_SIZE,
            Inet4Address.class, Codecs::inet4);
    static final Codec<List<Inet6Address>> INET6S = new AddressesCodec<>(KernelValues.IN6_ADDR_SIZE,
            Inet6Address.class, Codecs::inet6);
    static final Codec<Map<String, String>> KEYVALUE = new KeyValueCodec();
    static final Codec<List<String>> PSEUDO = new PseudoCodec();
    static final Codec<String> MAC = new MacCodec();

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** Starts with a hex digit or a colon and holds a colon: InetAddress takes such text as a literal, never a name. */
    private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    /** The codec for a kernel format. */
    static Codec<?> of(ParamFormat f) {
        switch (f) {
            case INT:
                return INT32;
            case UINT:
                return UINT32;
            case LONG:
            case S64:
                return INT64;
            case ULONG:
            case U64:
                return UINT64;
            case BOOL:
                return BOOL;
            case JAILSYS:
                return JAILSYS;
            case STRING:
                return STRING;
            case MAC:
                return MAC;
            case IN_ADDR_ARRAY:
                return INET4S;
            case IN6_ADDR_ARRAY:
                return INET6S;
            case KEYVALUE:
                return KEYVALUE;
            case PSEUDO:
                return PSEUDO;
            default:
                throw new AssertionError(f);
        }
    }

    static InvalidParamException invalid(String name, String reason) {
        return new InvalidParamException(null, null, name, reason);
    }

    /** Exactly {@code size} bytes from the kernel, or a failure naming the parameter. */
    static byte[] sized(String name, byte[] raw, int size) {
        if (raw.length != size) {
            throw invalid(name, "expected " + size + " bytes from the kernel, got " + raw.length);
        }
        return raw;
    }

    private static final class IntCodec implements Codec<Integer> {
        private final boolean unsigned;

        IntCodec(boolean unsigned) {
            this.unsigned = unsigned;
        }

        @Override
        public Class<?> type() {
            return Integer.class;
        }

        @Override
        public byte[] encode(String name, Integer value) {
            return KernelValues.int32(value);
        }

        @Override
        public Integer decode(String name, byte[] raw) {
            return KernelValues.readInt32(sized(name, raw, KernelValues.INT_SIZE));
        }

        @Override
        public String text(Integer value) {
            return unsigned ? Integer.toUnsignedString(value) : Integer.toString(value);
        }

        @Override
        public Integer parse(String name, String text) {
            try {
                return unsigned ? Integer.parseUnsignedInt(text.strip()) : Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw invalid(name, "not " + (unsigned ? "an unsigned" : "an") + " integer: \"" + text + "\"");
            }
        }
    }

    private static final class LongCodec implements Codec<Long> {
        private final boolean unsigned;

        LongCodec(boolean unsigned) {
            this.unsigned = unsigned;
        }

        @Override
        public Class<?> type() {
            return Long.class;
        }

        @Override
        public byte[] encode(String name, Long value) {
            return KernelValues.int64(value);
        }

        @Override
        public Long decode(String name, byte[] raw) {
            return KernelValues.readInt64(sized(name, raw, KernelValues.LONG_SIZE));
        }

        @Override
        public String text(Long value) {
            return unsigned ? Long.toUnsignedString(value) : Long.toString(value);
        }

        @Override
        public Long parse(String name, String text) {
            try {
                return unsigned ? Long.parseUnsignedLong(text.strip()) : Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                throw invalid(name, "not " + (unsigned ? "an unsigned" : "an") + " integer: \"" + text + "\"");
            }
        }
    }

    /** jail_get's form of a boolean, a 4-byte 0/1; jail_set sends the name alone (see {@link JailParam#addTo}). */
    private static final class BoolCodec implements Codec<Boolean> {
        @Override
        public Class<?> type() {
            return Boolean.class;
        }

        @Override
        public byte[] encode(String name, Boolean value) {
            return KernelValues.int32(value ? 1 : 0);
        }

        @Override
        public Boolean decode(String name, byte[] raw) {
            return KernelValues.readInt32(sized(name, raw, KernelValues.INT_SIZE)) != 0;
        }

        @Override
        public String text(Boolean value) {
            return value ? "true" : "false";
        }

        /** As libjail's jailparam_import: {@code true}, {@code false} (any case) or a number, non-zero meaning true. */
        @Override
        public Boolean parse(String name, String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (t.equals("true")) {
                return true;
            }
            if (t.equals("false")) {
                return false;
            }
            try {
                return Integer.parseInt(t) != 0;
            } catch (NumberFormatException e) {
                throw invalid(name, "not a boolean (true, false or a number): \"" + text + "\"");
            }
        }
    }

    private static final class JailSysCodec implements Codec<JailSys> {
        @Override
        public Class<?> type() {
            return JailSys.class;
        }

        @Override
        public byte[] encode(String name, JailSys value) {
            return KernelValues.int32(value.value());
        }

        @Override
        public JailSys decode(String name, byte[] raw) {
            int v = KernelValues.readInt32(sized(name, raw, KernelValues.INT_SIZE));
            try {
                return JailSys.of(v);
            } catch (IllegalArgumentException e) {
                throw invalid(name, "the kernel answered " + v + ", which is not disable, new or inherit");
            }
        }

        @Override
        public String text(JailSys value) {
            return value.text();
        }

        /** The words, or their numbers 0, 1, 2; an empty value means {@code new}, as in libjail. */
        @Override
        public JailSys parse(String name, String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (t.isEmpty()) {
                return JailSys.NEW;
            }
            for (JailSys s : JailSys.values()) {
                if (s.text().equals(t) || Integer.toString(s.value()).equals(t)) {
                    return s;
                }
            }
            throw invalid(name, "must be disable, new or inherit, not \"" + text + "\"");
        }
    }

    private static class StringCodec implements Codec<String> {
        @Override
        public Class<?> type() {
            return String.class;
        }

        @Override
        public byte[] encode(String name, String value) {
            return KernelValues.cString(value);
        }

        @Override
        public String decode(String name, byte[] raw) {
            return KernelValues.readCString(raw);
        }

        @Override
        public String text(String value) {
            return value;
        }

        @Override
        public String parse(String name, String text) {
            return text;
        }
    }

    /** {@code struct in_addr[]} or {@code struct in6_addr[]}; the text is jls's comma-separated list. */
    private static final class AddressesCodec<A extends InetAddress> implements Codec<List<A>> {
        private final int size;
        private final Class<A> element;
        private final Function<byte[], A> fromBytes;

        AddressesCodec(int size, Class<A> element, Function<byte[], A> fromBytes) {
            this.size = size;
            this.element = element;
            this.fromBytes = fromBytes;
        }

        @Override
        public Class<?> type() {
            return List.class;
        }

        @Override
        public String typeName() {
            return "List<" + element.getSimpleName() + ">";
        }

        @Override
        public List<A> cast(String name, Object value) {
            return castList(name, value, element, typeName());
        }

        @Override
        public byte[] encode(String name, List<A> value) {
            return KernelValues.addresses(value);
        }

        @Override
        public List<A> decode(String name, byte[] raw) {
            if (raw.length % size != 0) {
                throw invalid(name, raw.length + " bytes is not a whole number of " + size + "-byte addresses");
            }
            List<A> out = new ArrayList<>(raw.length / size);
            for (int i = 0; i < raw.length; i += size) {
                out.add(fromBytes.apply(Arrays.copyOfRange(raw, i, i + size)));
            }
            return List.copyOf(out);
        }

        @Override
        public String text(List<A> value) {
            StringBuilder b = new StringBuilder();
            for (A a : value) {
                b.append(b.length() > 0 ? "," : "").append(addressText(a));
            }
            return b.toString();
        }

        @Override
        public List<A> parse(String name, String text) {
            String t = text.strip();
            if (t.isEmpty() || t.equals("-")) {
                return List.of();
            }
            List<A> out = new ArrayList<>();
            for (String part : t.split(",", -1)) {
                out.add(fromBytes.apply(literal(name, part.strip(), size).getAddress()));
            }
            return List.copyOf(out);
        }
    }

    /** {@code value} as an immutable list of {@code element}s, or a failure naming the parameter. */
    static <E> List<E> castList(String name, Object value, Class<E> element, String typeName) {
        if (!(value instanceof List<?> list)) {
            throw invalid(name, "expected " + typeName + ", got " + value.getClass().getSimpleName());
        }
        for (Object e : list) {
            if (!element.isInstance(e)) {
                throw invalid(name, "expected " + typeName + ", got a List holding "
                        + (e == null ? "null" : "a " + e.getClass().getSimpleName()));
            }
        }
        @SuppressWarnings("unchecked")
        List<E> checked = (List<E>) list;
        return List.copyOf(checked);
    }

    /**
     * An IP literal of {@code size} bytes (4 or 16), parsed as inet_pton(3) would: dotted quad
     * for IPv4, RFC 4291 text (no zone) for IPv6. Anything else, a host name included, is refused
     * naming the parameter; nothing is ever looked up.
     */
    static InetAddress literal(String name, String text, int size) {
        String family = size == KernelValues.IN_ADDR_SIZE ? "IPv4" : "IPv6";
        InvalidParamException notAnAddress = invalid(name, "not an " + family + " address: \"" + text + "\"");
        if (size == KernelValues.IN_ADDR_SIZE) {
            Matcher m = IPV4.matcher(text);
            if (!m.matches()) {
                throw notAnAddress;
            }
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                String octet = m.group(i + 1);
                // inet_pton refuses leading zeros (inet_aton would read them as octal).
                if (Integer.parseInt(octet) > 255 || (octet.length() > 1 && octet.charAt(0) == '0')) {
                    throw notAnAddress;
                }
                b[i] = (byte) Integer.parseInt(octet);
            }
            return inet4(b);
        }
        if (!IPV6.matcher(text).matches()) {
            throw notAnAddress;
        }
        try {
            return inet6(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw notAnAddress;
        }
    }

    static Inet4Address inet4(byte[] raw) {
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes always make an address", e);
        }
    }

    /**
     * An IPv6 address of 16 bytes, or of the 4 bytes Java gives for an IPv4-mapped literal
     * ({@code ::ffff:1.2.3.4} parses to an Inet4Address), mapped back.
     */
    static Inet6Address inet6(byte[] raw) {
        byte[] b = raw;
        if (raw.length == KernelValues.IN_ADDR_SIZE) {
            b = new byte[KernelValues.IN6_ADDR_SIZE];
            b[10] = (byte) 0xff;
            b[11] = (byte) 0xff;
            System.arraycopy(raw, 0, b, 12, 4);
        }
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not 16 bytes: " + raw.length, e);
        }
    }

    /**
     * An address as jls prints it, by inet_ntop(3)'s rules: a dotted quad; for IPv6 lower-case
     * hex groups with the longest run of two or more zero groups (the first of equals) as
     * {@code ::}, and the last four bytes as a dotted quad after {@code ::} or {@code ::ffff:}
     * (IPv4-compatible and IPv4-mapped addresses).
     */
    static String addressText(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == KernelValues.IN_ADDR_SIZE) {
            return a.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i >= 2 && j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (i == 6 && bestStart == 0 && (bestLen == 6 || (bestLen == 5 && groups[5] == 0xffff))) {
                String quad = inet4(Arrays.copyOfRange(b, 12, 16)).getHostAddress();
                return s.append(s.charAt(s.length() - 1) == ':' ? "" : ":").append(quad).toString();
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }

    /** {@code meta}/{@code env}: {@code key=value} lines joined by newlines, one C string. */
    private static final class KeyValueCodec implements Codec<Map<String, String>> {
        @Override
        public Class<?> type() {
            return Map.class;
        }

        @Override
        public String typeName() {
            return "Map<String, String>";
        }

        @Override
        public Map<String, String> cast(String name, Object value) {
            if (!(value instanceof Map<?, ?> map)) {
                throw invalid(name, "expected " + typeName() + ", got " + value.getClass().getSimpleName());
            }
            Map<String, String> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!(k instanceof String) || !(v instanceof String)) {
                    throw invalid(name, "expected " + typeName() + ", got a Map holding "
                            + (k == null ? "null" : k.getClass().getSimpleName()) + "="
                            + (v == null ? "null" : v.getClass().getSimpleName()));
                }
                out.put((String) k, (String) v);
            });
            return Collections.unmodifiableMap(out);
        }

        @Override
        public byte[] encode(String name, Map<String, String> value) {
            return KernelValues.cString(text(value));
        }

        @Override
        public Map<String, String> decode(String name, byte[] raw) {
            return parse(name, KernelValues.readCString(raw));
        }

        @Override
        public String text(Map<String, String> value) {
            StringBuilder b = new StringBuilder();
            value.forEach((k, v) -> b.append(b.length() > 0 ? "\n" : "").append(k).append('=').append(v));
            return b.toString();
        }

        @Override
        public Map<String, String> parse(String name, String text) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw invalid(name, "not key=value: \"" + line + "\"");
                }
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
            return Collections.unmodifiableMap(out);
        }
    }

    /** jail(8)'s own parameters: one or more strings (a {@code +=} list), never sent to the kernel. */
    private static final class PseudoCodec implements Codec<List<String>> {
        @Override
        public Class<?> type() {
            return List.class;
        }

        @Override
        public String typeName() {
            return "List<String>";
        }

        @Override
        public List<String> cast(String name, Object value) {
            return castList(name, value, String.class, typeName());
        }

        @Override
        public byte[] encode(String name, List<String> value) {
            throw invalid(name, "a jail(8) pseudo-parameter has no kernel encoding");
        }

        @Override
        public List<String> decode(String name, byte[] raw) {
            throw invalid(name, "a jail(8) pseudo-parameter has no kernel encoding");
        }

        @Override
        public String text(List<String> value) {
            return String.join(",", value);
        }

        @Override
        public List<String> parse(String name, String text) {
            return List.of(text);
        }
    }

    /**
     * {@code mac.label}: the kernel takes a {@code struct mac} holding a pointer, which a byte
     * array cannot carry; refusing beats sending a string the kernel would misread.
     */
    private static final class MacCodec extends StringCodec {
        @Override
        public byte[] encode(String name, String value) {
            throw invalid(name, "a struct mac value cannot be sent by jail4j");
        }

        @Override
        public String decode(String name, byte[] raw) {
            throw invalid(name, "a struct mac value cannot be read by jail4j");
        }
    }
}
