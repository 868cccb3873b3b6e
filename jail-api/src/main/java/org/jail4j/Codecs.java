package org.jail4j;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The codecs of the kernel formats. Integers are written in host byte order, addresses in network order. */
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
    static final Codec<List<Inet4Address>> INET4S = new AddressesCodec<>(4, Inet4Address.class);
    static final Codec<List<Inet6Address>> INET6S = new AddressesCodec<>(16, Inet6Address.class);
    static final Codec<Map<String, String>> KEYVALUE = new KeyValueCodec();
    static final Codec<List<String>> PSEUDO = new PseudoCodec();

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
            case MAC:
                return STRING;
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

    static ByteBuffer host(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    static ByteBuffer host(String name, byte[] raw, int size) {
        if (raw.length != size) {
            throw invalid(name, "expected " + size + " bytes from the kernel, got " + raw.length);
        }
        return ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
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
            return host(4).putInt(value).array();
        }

        @Override
        public Integer decode(String name, byte[] raw) {
            return host(name, raw, 4).getInt();
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
            return host(8).putLong(value).array();
        }

        @Override
        public Long decode(String name, byte[] raw) {
            return host(name, raw, 8).getLong();
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

    private static final class BoolCodec implements Codec<Boolean> {
        @Override
        public Class<?> type() {
            return Boolean.class;
        }

        @Override
        public byte[] encode(String name, Boolean value) {
            return host(4).putInt(value ? 1 : 0).array();
        }

        @Override
        public Boolean decode(String name, byte[] raw) {
            return host(name, raw, 4).getInt() != 0;
        }

        @Override
        public String text(Boolean value) {
            return value ? "true" : "false";
        }

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
            return host(4).putInt(value.value()).array();
        }

        @Override
        public JailSys decode(String name, byte[] raw) {
            int v = host(name, raw, 4).getInt();
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

        @Override
        public JailSys parse(String name, String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (t.isEmpty()) {
                return JailSys.NEW;   // libjail: an empty value means "new"
            }
            for (JailSys s : JailSys.values()) {
                if (s.text().equals(t)) {
                    return s;
                }
            }
            try {
                return JailSys.of(Integer.parseInt(t));
            } catch (IllegalArgumentException e) {
                throw invalid(name, "must be disable, new or inherit, not \"" + text + "\"");
            }
        }
    }

    private static final class StringCodec implements Codec<String> {
        @Override
        public Class<?> type() {
            return String.class;
        }

        @Override
        public byte[] encode(String name, String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            return Arrays.copyOf(utf8, utf8.length + 1);
        }

        @Override
        public String decode(String name, byte[] raw) {
            int n = 0;
            while (n < raw.length && raw[n] != 0) {
                n++;
            }
            return new String(raw, 0, n, StandardCharsets.UTF_8);
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

    private static final class AddressesCodec<A extends InetAddress> implements Codec<List<A>> {
        private final int size;
        private final Class<A> kind;

        AddressesCodec(int size, Class<A> kind) {
            this.size = size;
            this.kind = kind;
        }

        @Override
        public Class<?> type() {
            return List.class;
        }

        @Override
        public byte[] encode(String name, List<A> value) {
            ByteBuffer b = ByteBuffer.allocate(size * value.size());
            for (A a : value) {
                b.put(a.getAddress());
            }
            return b.array();
        }

        @Override
        public List<A> decode(String name, byte[] raw) {
            if (raw.length % size != 0) {
                throw invalid(name, raw.length + " bytes is not a whole number of " + size + "-byte addresses");
            }
            List<A> out = new ArrayList<>(raw.length / size);
            for (int i = 0; i < raw.length; i += size) {
                out.add(kind.cast(byAddress(Arrays.copyOfRange(raw, i, i + size))));
            }
            return Collections.unmodifiableList(out);
        }

        @Override
        public String text(List<A> value) {
            StringBuilder b = new StringBuilder();
            for (A a : value) {
                if (b.length() > 0) {
                    b.append(',');
                }
                b.append(a.getHostAddress());
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
            for (String part : t.split(",")) {
                out.add(kind.cast(literal(name, part.strip(), size)));
            }
            return Collections.unmodifiableList(out);
        }
    }

    /** An IP literal, never a DNS lookup: a name that is not a literal is refused. */
    static InetAddress literal(String name, String text, int size) {
        boolean looksV4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean looksV6 = text.indexOf(':') >= 0 && text.matches("[0-9A-Fa-f:.%]+");
        if ((size == 4 && !looksV4) || (size == 16 && !looksV6)) {
            throw invalid(name, "not an IPv" + (size == 4 ? "4" : "6") + " address: \"" + text + "\"");
        }
        if (looksV4) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw invalid(name, "not an IPv4 address: \"" + text + "\"");
                }
            }
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            if (a.getAddress().length != size) {
                throw invalid(name, "not an IPv" + (size == 4 ? "4" : "6") + " address: \"" + text + "\"");
            }
            return a;
        } catch (UnknownHostException e) {
            throw invalid(name, "not an IP address: \"" + text + "\"");
        }
    }

    static InetAddress byAddress(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes always make an address", e);
        }
    }

    private static final class KeyValueCodec implements Codec<Map<String, String>> {
        @Override
        public Class<?> type() {
            return Map.class;
        }

        @Override
        public byte[] encode(String name, Map<String, String> value) {
            return STRING.encode(name, text(value));
        }

        @Override
        public Map<String, String> decode(String name, byte[] raw) {
            return parse(name, STRING.decode(name, raw));
        }

        @Override
        public String text(Map<String, String> value) {
            StringBuilder b = new StringBuilder();
            value.forEach((k, v) -> {
                if (b.length() > 0) {
                    b.append('\n');
                }
                b.append(k).append('=').append(v);
            });
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

    private static final class PseudoCodec implements Codec<List<String>> {
        @Override
        public Class<?> type() {
            return List.class;
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
}
