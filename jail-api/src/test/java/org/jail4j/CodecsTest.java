package org.jail4j;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Java values to kernel bytes and back, and to jail.conf/jls text and back. */
class CodecsTest {
    private static Inet4Address v4(int a, int b, int c, int d) {
        return Codecs.inet4(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }

    private static Inet6Address v6(String literal) {
        return (Inet6Address) Codecs.literal("ip6.addr", literal, 16);
    }

    private static byte[] bytes(String hex) {
        return HostOrder.bytes(hex);
    }

    private static String hex(byte[] raw) {
        return HostOrder.hex(raw);
    }

    private static String message(Runnable r) {
        return assertThrows(InvalidParamException.class, r::run).getMessage();
    }

    // ---- int, uint ------------------------------------------------------------------------------

    @Test
    void intEncodesToFourHostOrderBytesAndBack() {
        assertEquals(HostOrder.int32(-2), hex(Codecs.INT32.encode("securelevel", -2)));
        assertEquals(-2, Codecs.INT32.decode("securelevel", bytes(HostOrder.int32(-2))));
    }

    @Test
    void intTextIsDecimal() {
        assertEquals("-1", Codecs.INT32.text(-1));
        assertEquals(42, Codecs.INT32.parse("children.max", " 42 "));
    }

    @Test
    void intParseRefusesWordsNamingTheParameter() {
        assertEquals("jail4j: children.max: EINVAL: not an integer: \"many\"",
                message(() -> Codecs.INT32.parse("children.max", "many")));
    }

    @Test
    void intDecodeRefusesAnyOtherSize() {
        assertEquals("jail4j: securelevel: EINVAL: expected 4 bytes from the kernel, got 8",
                message(() -> Codecs.INT32.decode("securelevel", new byte[8])));
    }

    @Test
    void uintTextIsUnsigned() {
        assertEquals("4294967295", Codecs.UINT32.text(-1));
        assertEquals(-1, Codecs.UINT32.parse("x.uint", "4294967295"));
        assertEquals("ffffffff", hex(Codecs.UINT32.encode("x.uint", -1)));
    }

    @Test
    void uintParseRefusesANegativeNumber() {
        assertEquals("jail4j: x.uint: EINVAL: not an unsigned integer: \"-1\"",
                message(() -> Codecs.UINT32.parse("x.uint", "-1")));
    }

    // ---- long, ulong ----------------------------------------------------------------------------

    @Test
    void longEncodesToEightHostOrderBytesAndBack() {
        String raw = HostOrder.int64(0x0102030405060708L);
        assertEquals(raw, hex(Codecs.INT64.encode("x.long", 0x0102030405060708L)));
        assertEquals(0x0102030405060708L, Codecs.INT64.decode("x.long", bytes(raw)));
    }

    @Test
    void ulongTextIsUnsigned() {
        assertEquals("18446744073709551615", Codecs.UINT64.text(-1L));
        assertEquals(-1L, Codecs.UINT64.parse("host.hostid", "18446744073709551615"));
    }

    @Test
    void longDecodeRefusesFourBytes() {
        assertEquals("jail4j: host.hostid: EINVAL: expected 8 bytes from the kernel, got 4",
                message(() -> Codecs.UINT64.decode("host.hostid", new byte[4])));
    }

    // ---- bool -----------------------------------------------------------------------------------

    @Test
    void boolBytesAreJailGetsFourByteZeroOrOne() {
        assertEquals(HostOrder.int32(1), hex(Codecs.BOOL.encode("persist", true)));
        assertEquals("00000000", hex(Codecs.BOOL.encode("persist", false)));
        assertTrue(Codecs.BOOL.decode("persist", bytes(HostOrder.int32(1))));
        assertTrue(Codecs.BOOL.decode("persist", bytes(HostOrder.int32(2))), "any non-zero is true");
        assertFalse(Codecs.BOOL.decode("persist", bytes("00000000")));
    }

    @Test
    void boolTextIsTrueOrFalse() {
        assertEquals("true", Codecs.BOOL.text(true));
        assertEquals("false", Codecs.BOOL.text(false));
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "False,false", "1,true", "0,false", "2,true"})
    void boolParsesWordsAndNumbersAsLibjailDoes(String text, boolean expected) {
        assertEquals(expected, Codecs.BOOL.parse("persist", text));
    }

    @Test
    void boolParseRefusesOtherWords() {
        assertEquals("jail4j: persist: EINVAL: not a boolean (true, false or a number): \"yes\"",
                message(() -> Codecs.BOOL.parse("persist", "yes")));
    }

    // ---- jailsys --------------------------------------------------------------------------------

    @Test
    void jailsysBytesAreTheKernelsNumbers() {
        assertEquals(HostOrder.int32(0), hex(Codecs.JAILSYS.encode("ip4", JailSys.DISABLE)));
        assertEquals(HostOrder.int32(1), hex(Codecs.JAILSYS.encode("ip4", JailSys.NEW)));
        assertEquals(HostOrder.int32(2), hex(Codecs.JAILSYS.encode("ip4", JailSys.INHERIT)));
        assertEquals(JailSys.INHERIT, Codecs.JAILSYS.decode("ip4", bytes(HostOrder.int32(2))));
    }

    @Test
    void jailsysDecodeRefusesAnUnknownNumber() {
        assertEquals("jail4j: ip4: EINVAL: the kernel answered 3, which is not disable, new or inherit",
                message(() -> Codecs.JAILSYS.decode("ip4", bytes(HostOrder.int32(3)))));
    }

    @Test
    void jailsysTextIsTheWord() {
        assertEquals("disable", Codecs.JAILSYS.text(JailSys.DISABLE));
        assertEquals("new", Codecs.JAILSYS.text(JailSys.NEW));
        assertEquals("inherit", Codecs.JAILSYS.text(JailSys.INHERIT));
    }

    @ParameterizedTest
    @CsvSource({"disable,DISABLE", "new,NEW", "Inherit,INHERIT", "0,DISABLE", "1,NEW", "2,INHERIT", "'',NEW"})
    void jailsysParsesWordsNumbersAndEmptyAsNew(String text, JailSys expected) {
        assertEquals(expected, Codecs.JAILSYS.parse("vnet", text));
    }

    @Test
    void jailsysParseRefusesOtherWords() {
        assertEquals("jail4j: vnet: EINVAL: must be disable, new or inherit, not \"3\"",
                message(() -> Codecs.JAILSYS.parse("vnet", "3")));
    }

    // ---- string ---------------------------------------------------------------------------------

    @Test
    void stringBytesEndInTheirNul() {
        assertEquals("2f6a00", hex(Codecs.STRING.encode("path", "/j")));
    }

    @Test
    void stringDecodeStopsAtTheFirstNulOfTheBuffer() {
        assertEquals("www", Codecs.STRING.decode("name", bytes("7777770078000000")));
    }

    @Test
    void stringDecodeOfABufferWithoutNulTakesItAll() {
        assertEquals("ab", Codecs.STRING.decode("name", bytes("6162")));
    }

    @Test
    void stringTextIsTheStringItself() {
        assertEquals("/bin/sh /etc/rc", Codecs.STRING.text("/bin/sh /etc/rc"));
        assertEquals("/bin/sh /etc/rc", Codecs.STRING.parse("exec.start", "/bin/sh /etc/rc"));
    }

    // ---- addresses ------------------------------------------------------------------------------

    @Test
    void ip4AddressesAreFourNetworkOrderBytesEach() {
        byte[] raw = bytes("010203040a000009");
        List<Inet4Address> ips = List.of(v4(1, 2, 3, 4), v4(10, 0, 0, 9));
        assertArrayEquals(raw, Codecs.INET4S.encode("ip4.addr", ips));
        assertEquals(ips, Codecs.INET4S.decode("ip4.addr", raw));
    }

    @Test
    void ip4DecodeRefusesAPartialAddress() {
        assertEquals("jail4j: ip4.addr: EINVAL: 5 bytes is not a whole number of 4-byte addresses",
                message(() -> Codecs.INET4S.decode("ip4.addr", new byte[5])));
    }

    @Test
    void ip4TextIsCommaSeparatedLikeJls() {
        assertEquals("10.0.0.9,10.0.0.3", Codecs.INET4S.text(List.of(v4(10, 0, 0, 9), v4(10, 0, 0, 3))));
        assertEquals(List.of(v4(10, 0, 0, 9), v4(10, 0, 0, 3)), Codecs.INET4S.parse("ip4.addr", "10.0.0.9, 10.0.0.3"));
    }

    @Test
    void emptyAddressTextIsNoAddresses() {
        assertEquals("", Codecs.INET4S.text(List.of()));
        assertEquals(List.of(), Codecs.INET4S.parse("ip4.addr", ""));
        assertEquals(List.of(), Codecs.INET6S.parse("ip6.addr", "-"));
        assertArrayEquals(new byte[0], Codecs.INET4S.encode("ip4.addr", List.of()));
        assertEquals(List.of(), Codecs.INET4S.decode("ip4.addr", new byte[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "www.example.org", "1.2.3", "1.2.3.4.5", "1.2.3.256", "01.2.3.4",
        "::1", " ", "1.2.3.4/24", "em0|1.2.3.4"})
    void ip4TextIsALiteralOrRefused(String text) {
        assertEquals("jail4j: ip4.addr: EINVAL: not an IPv4 address: \"" + text.strip() + "\"",
                message(() -> Codecs.INET4S.parse("ip4.addr", "10.0.0.1," + text)));
    }

    @Test
    void ip6AddressesAreSixteenBytesEach() {
        byte[] raw = new byte[32];
        raw[15] = 1;
        raw[16] = 0x20;
        raw[17] = 0x01;
        raw[18] = 0x0d;
        raw[19] = (byte) 0xb8;
        raw[31] = 0x0a;
        List<Inet6Address> ips = List.of(v6("::1"), v6("2001:db8::a"));
        assertArrayEquals(raw, Codecs.INET6S.encode("ip6.addr", ips));
        assertEquals(ips, Codecs.INET6S.decode("ip6.addr", raw));
    }

    @ParameterizedTest
    @CsvSource({
        "::1, ::1",
        "0:0:0:0:0:0:0:0, ::",
        "2001:DB8:0:0:0:0:0:A, 2001:db8::a",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "fe80:0:0:0:1:2:3:4, fe80::1:2:3:4",
        "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
        "::ffff:1.2.3.4, ::ffff:1.2.3.4",
        "::1.2.3.4, ::1.2.3.4",
        "::0.0.1.2, ::102"})
    void ip6TextIsInetNtopsShortestForm(String text, String jls) {
        Inet6Address a = v6(text);
        assertEquals(jls, Codecs.addressText(a));
        assertEquals(List.of(a), Codecs.INET6S.parse("ip6.addr", Codecs.INET6S.text(List.of(a))));
    }

    @Test
    void ip4MappedIp6StaysAnIp6Address() {
        byte[] raw = Codecs.INET6S.encode("ip6.addr", List.of(v6("::ffff:1.2.3.4")));
        assertEquals(16, raw.length);
        assertEquals(List.of(v6("::ffff:1.2.3.4")), Codecs.INET6S.decode("ip6.addr", raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "ip6-localhost", "fe80::1%em0", "1::2::3", "gggg::1", "1.2.3.4", ".::1",
        "12345::1", "[::1]"})
    void ip6TextIsALiteralOrRefused(String text) {
        assertEquals("jail4j: ip6.addr: EINVAL: not an IPv6 address: \"" + text + "\"",
                message(() -> Codecs.INET6S.parse("ip6.addr", text)));
    }

    // ---- key=value, pseudo, mac -----------------------------------------------------------------

    @Test
    void keyValueIsLinesInOneCString() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("owner", "ci");
        m.put("ttl", "60");
        byte[] raw = Codecs.KEYVALUE.encode("meta", m);
        assertEquals("6f776e65723d63690a74746c3d363000", hex(raw));
        assertEquals(m, Codecs.KEYVALUE.decode("meta", raw));
        assertEquals("owner=ci\nttl=60", Codecs.KEYVALUE.text(m));
    }

    @Test
    void keyValueParseRefusesALineWithoutKey() {
        assertEquals("jail4j: env: EINVAL: not key=value: \"=x\"", message(() -> Codecs.KEYVALUE.parse("env", "=x")));
    }

    @Test
    void pseudoParametersHaveTextButNoBytes() {
        assertEquals(List.of("/bin/sh /etc/rc"), Codecs.PSEUDO.parse("exec.start", "/bin/sh /etc/rc"));
        assertEquals("jail4j: exec.start: EINVAL: a jail(8) pseudo-parameter has no kernel encoding",
                message(() -> Codecs.PSEUDO.encode("exec.start", List.of("x"))));
    }

    @Test
    void macLabelIsRefusedRatherThanMisencoded() {
        assertEquals("jail4j: mac.label: EINVAL: a struct mac value cannot be sent by jail4j",
                message(() -> Codecs.MAC.encode("mac.label", "biba/high")));
        assertEquals("biba/high", Codecs.MAC.parse("mac.label", Codecs.MAC.text("biba/high")));
    }

    // ---- every format, both ways ----------------------------------------------------------------

    /** A sample value of each kernel format, with an edge where it has one. */
    static Object sample(ParamFormat f) {
        switch (f) {
            case INT:
                return Integer.MIN_VALUE;
            case UINT:
                return -1;
            case LONG:
            case S64:
                return Long.MIN_VALUE;
            case ULONG:
            case U64:
                return -1L;
            case BOOL:
                return true;
            case JAILSYS:
                return JailSys.INHERIT;
            case STRING:
            case MAC:
                return "w\u00e9b 1";
            case IN_ADDR_ARRAY:
                return List.of(v4(127, 0, 1, 10), v4(192, 0, 2, 1));
            case IN6_ADDR_ARRAY:
                return List.of(v6("2001:db8::1"), v6("::1"));
            case KEYVALUE:
                return Map.of("k", "v=w");
            case PSEUDO:
                return List.of("/bin/sh /etc/rc");
            default:
                throw new AssertionError(f);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ParamFormat.class, names = {"PSEUDO", "MAC"},
            mode = EnumSource.Mode.EXCLUDE)
    void everyKernelFormatRoundTripsThroughItsBytes(ParamFormat f) {
        roundTripBytes(Codecs.of(f), sample(f));
    }

    @ParameterizedTest
    @EnumSource(ParamFormat.class)
    void everyFormatRoundTripsThroughItsText(ParamFormat f) {
        roundTripText(Codecs.of(f), sample(f));
    }

    private static <T> void roundTripBytes(Codec<T> c, Object value) {
        T v = c.cast("p", value);
        byte[] raw = c.encode("p", v);
        assertAll(
                () -> assertEquals(v, c.decode("p", raw)),
                () -> assertArrayEquals(raw, c.encode("p", c.decode("p", raw))));
    }

    private static <T> void roundTripText(Codec<T> c, Object value) {
        T v = c.cast("p", value);
        assertEquals(v, c.parse("p", c.text(v)));
    }
}
