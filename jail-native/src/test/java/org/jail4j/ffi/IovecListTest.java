package org.jail4j.ffi;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;

/**
 * The iovec array exactly as the kernel reads it: every check goes through the native memory
 * ({@code iov_base}, {@code iov_len} and the bytes at {@code iov_base}), not through the list's
 * own bookkeeping.
 */
class IovecListTest {
    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final IovecList iov = IovecList.create();

    /** The name iovec and the value iovec of the first pair. */
    private List<Iovec> firstPair() {
        return iov.iovecs().subList(0, 2);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** {@code b} in host order: the bytes as written for a little-endian host, reversed on a big-endian one. */
    private static byte[] host(int... littleEndian) {
        byte[] b = bytes(littleEndian);
        if (!LITTLE) {
            for (int i = 0; i < b.length / 2; i++) {
                byte t = b[i];
                b[i] = b[b.length - 1 - i];
                b[b.length - 1 - i] = t;
            }
        }
        return b;
    }

    private static byte[] cString(String s) {
        return Arrays.copyOf(s.getBytes(US_ASCII), s.length() + 1);
    }

    private static void assertName(String expected, Iovec name) {
        assertAll(
                () -> assertFalse(name.isNull(), "name base"),
                () -> assertEquals(expected.length() + 1, name.iov_len(), "name iov_len counts the NUL"),
                () -> assertArrayEquals(cString(expected), name.contents()));
    }

    private static void assertValue(byte[] expected, Iovec value) {
        assertAll(
                () -> assertFalse(value.isNull(), "value base"),
                () -> assertEquals(expected.length, value.iov_len()),
                () -> assertArrayEquals(expected, value.contents()));
    }

    private static void assertNullValue(Iovec value) {
        assertAll(
                () -> assertTrue(value.isNull(), "value base is NULL"),
                () -> assertEquals(0, value.iov_len()));
    }

    private static Inet4Address v4(String literal) throws UnknownHostException {
        return (Inet4Address) InetAddress.getByName(literal);
    }

    @Test
    void nameIsNulTerminatedAndTheNulCountsInIovLen() {
        iov.addString("path", "/jails/j1");
        assertName("path", firstPair().get(0));
    }

    @Test
    void intIsFourBytesInHostOrder() {
        iov.addInt("securelevel", 3);
        List<Iovec> p = firstPair();
        assertName("securelevel", p.get(0));
        assertValue(host(3, 0, 0, 0), p.get(1));
    }

    @Test
    void negativeIntKeepsItsSignBits() {
        iov.addInt("securelevel", -1);
        assertValue(bytes(0xff, 0xff, 0xff, 0xff), firstPair().get(1));
    }

    @Test
    void uintAboveIntMaxIsFourBytesInHostOrder() {
        iov.addInt("some.uint", 0x80000001);
        assertValue(host(0x01, 0, 0, 0x80), firstPair().get(1));
    }

    @Test
    void jailsysIsAFourByteInt() {
        iov.addInt("ip4", 2);
        assertValue(host(2, 0, 0, 0), firstPair().get(1));
    }

    @Test
    void longIsEightBytesInHostOrder() {
        iov.addLong("host.hostid", 0x0102030405060708L);
        List<Iovec> p = firstPair();
        assertName("host.hostid", p.get(0));
        assertValue(host(8, 7, 6, 5, 4, 3, 2, 1), p.get(1));
    }

    @Test
    void ulongWithTheTopBitSetIsEightBytes() {
        iov.addLong("host.hostid", 0xfedcba9876543210L);
        assertValue(host(0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe), firstPair().get(1));
    }

    @Test
    void stringValueIsNulTerminatedAndTheNulCountsInIovLen() {
        iov.addString("path", "/jails/j1");
        assertValue(cString("/jails/j1"), firstPair().get(1));
        assertEquals(10, firstPair().get(1).iov_len());
    }

    @Test
    void emptyStringIsTheNulAlone() {
        iov.addString("host.hostname", "");
        assertValue(bytes(0), firstPair().get(1));
    }

    @Test
    void utf8StringCountsBytesNotChars() {
        iov.addString("host.hostname", "h\u00e9");
        assertValue(bytes('h', 0xc3, 0xa9, 0), firstPair().get(1));
    }

    @Test
    void trueBooleanIsTheNameWithANullValue() {
        iov.addBool("persist", true);
        List<Iovec> p = firstPair();
        assertName("persist", p.get(0));
        assertNullValue(p.get(1));
    }

    @Test
    void falseBooleanIsTheNoNameWithANullValue() {
        iov.addBool("persist", false);
        List<Iovec> p = firstPair();
        assertName("nopersist", p.get(0));
        assertNullValue(p.get(1));
    }

    @Test
    void falseDottedBooleanPutsNoAfterTheLastDot() {
        iov.addBool("allow.mount", false);
        iov.addBool("ip4.saddrsel", false);
        iov.addBool("allow.mount.devfs", false);
        List<Iovec> v = iov.iovecs();
        assertAll(
                () -> assertName("allow.nomount", v.get(0)),
                () -> assertNullValue(v.get(1)),
                () -> assertName("ip4.nosaddrsel", v.get(2)),
                () -> assertNullValue(v.get(3)),
                () -> assertName("allow.mount.nodevfs", v.get(4)),
                () -> assertNullValue(v.get(5)));
    }

    @Test
    void trueDottedBooleanKeepsItsName() {
        iov.addBool("allow.mount.devfs", true);
        assertName("allow.mount.devfs", firstPair().get(0));
    }

    @Test
    void negatedNameOfAnUndottedName() {
        assertEquals("nopersist", IovecList.negatedName("persist"));
    }

    @Test
    void ip4AddressesAreFourBytesEachInNetworkOrder() throws Exception {
        iov.addInet4("ip4.addr", List.of(v4("1.2.3.4"), v4("10.0.0.9")));
        List<Iovec> p = firstPair();
        assertName("ip4.addr", p.get(0));
        assertValue(bytes(1, 2, 3, 4, 10, 0, 0, 9), p.get(1));
    }

    @Test
    void ip6AddressesAreSixteenBytesEach() throws Exception {
        Inet6Address loopback = (Inet6Address) InetAddress.getByName("::1");
        Inet6Address doc = (Inet6Address) InetAddress.getByName("2001:db8::a");
        iov.addInet6("ip6.addr", List.of(loopback, doc));
        assertValue(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a), firstPair().get(1));
    }

    @Test
    void emptyAddressListIsNullWithLengthZero() {
        iov.addInet4("ip4.addr", List.of());
        iov.addInet6("ip6.addr", List.of());
        List<Iovec> v = iov.iovecs();
        assertAll(
                () -> assertName("ip4.addr", v.get(0)),
                () -> assertNullValue(v.get(1)),
                () -> assertName("ip6.addr", v.get(2)),
                () -> assertNullValue(v.get(3)));
    }

    @Test
    void fullAddressListOf255IsSentWhole() throws Exception {
        List<Inet4Address> all = new ArrayList<>();
        byte[] expected = new byte[255 * 4];
        for (int i = 0; i < 255; i++) {
            all.add(v4("10.0." + (i / 200) + "." + (i % 200 + 1)));
            expected[i * 4] = 10;
            expected[i * 4 + 2] = (byte) (i / 200);
            expected[i * 4 + 3] = (byte) (i % 200 + 1);
        }
        iov.addInet4("ip4.addr", all);
        assertValue(expected, firstPair().get(1));
    }

    @Test
    void everyListEndsWithOneErrmsgPairOf1024ZeroedBytes() {
        iov.addBool("persist", true);
        List<Iovec> v = iov.iovecs();
        assertEquals(4, v.size());
        assertName("errmsg", v.get(2));
        assertEquals(7, v.get(2).iov_len());
        assertValue(new byte[1024], v.get(3));
        assertEquals(3, iov.errmsgIndex());
    }

    @Test
    void anEmptyListStillCarriesErrmsg() {
        List<Iovec> v = iov.iovecs();
        assertEquals(2, v.size());
        assertName("errmsg", v.get(0));
        assertEquals(IovecList.ERRMSG_LEN, v.get(1).iov_len());
    }

    @Test
    void errmsgIsAddedOnlyOnce() {
        iov.addInt("jid", 1);
        Pointer first = iov.pointer();
        assertSame(first, iov.pointer());
        assertEquals(4, iov.niov());
    }

    @Test
    void errmsgIsNullUntilTheKernelWritesIt() {
        iov.addBool("persist", true);
        iov.pointer();
        assertNull(iov.errmsg());
    }

    @Test
    void errmsgReadsTheKernelsTextUpToItsNul() {
        iov.addBool("persist", true);
        Iovec buffer = iov.iovecs().get(iov.errmsgIndex());
        byte[] text = cString("jail \"cu\" already exists");
        Runtime.getSystemRuntime().getMemoryManager().newPointer(buffer.iov_base()).put(0, text, 0, text.length);
        assertEquals("jail \"cu\" already exists", iov.errmsg());
    }

    @Test
    void outputBufferIsWritableZeroedAndOfTheGivenSize() {
        int i = iov.addOutput("host.hostname", 256);
        List<Iovec> p = firstPair();
        assertName("host.hostname", p.get(0));
        assertValue(new byte[256], p.get(1));
        assertEquals(1, i);
    }

    @Test
    void sizingPassIsANullValueWithTheGivenLength() {
        iov.addNull("ip4.addr", 0);
        assertNullValue(firstPair().get(1));
    }

    @Test
    void readBackTakesTheLengthsTheKernelWrote() {
        int i = iov.addOutput("ip4.addr", 64);
        Pointer array = iov.pointer();
        int word = Runtime.getSystemRuntime().addressSize();
        array.putLong((long) i * 2 * word + word, 8);
        Runtime.getSystemRuntime().getMemoryManager().newPointer(iov.iovecs().get(i).iov_base())
                .put(0, bytes(10, 0, 0, 1, 10, 0, 0, 2), 0, 8);
        iov.readBack();
        assertAll(
                () -> assertEquals(8, iov.length(i)),
                () -> assertArrayEquals(bytes(10, 0, 0, 1, 10, 0, 0, 2), iov.value(i)),
                () -> assertEquals(64, iov.buffer(i).length));
    }

    @Test
    void addingAfterTheArrayWasLaidOutIsRefused() {
        iov.pointer();
        assertThrows(IllegalStateException.class, () -> iov.addInt("jid", 1));
    }

    @Test
    void everyEntryHasItsOwnBuffer() {
        iov.addString("name", "a");
        iov.addString("path", "/");
        List<Iovec> v = iov.iovecs();
        assertNotEquals(v.get(1).iov_base(), v.get(3).iov_base());
    }

    @Test
    void toStringAfterTheCallShowsWhatTheKernelLeftButNotErrmsg() {
        int i = iov.addOutput("ip4.addr", 8);
        int word = Runtime.getSystemRuntime().addressSize();
        iov.pointer().putLong((long) i * 2 * word + word, 4);
        assertEquals("IovecList[ip4.addr=(00000000, 4)]", iov.toString());
    }

    @Test
    void toStringShowsEachPairForTracing() {
        iov.addBool("persist", false);
        iov.addInt("jid", 5);
        assertEquals("IovecList[nopersist=(NULL, 0) jid=(" + (LITTLE ? "05000000" : "00000005") + ", 4)]",
                iov.toString());
    }
}
