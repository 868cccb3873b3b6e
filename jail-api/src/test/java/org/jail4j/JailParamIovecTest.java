package org.jail4j;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.jail4j.ffi.Iovec;
import org.jail4j.ffi.IovecList;
import org.jail4j.ffi.KernelValues;
import org.junit.jupiter.api.Test;

/**
 * A parameter's value as it reaches the kernel: {@link JailParam#addTo} into an
 * {@link IovecList}, read back from the native iovec array. Each pair is shown as
 * {@code name/iov_len=(value bytes in hex, iov_len)}, or {@code (NULL, 0)} for a NULL base.
 */
class JailParamIovecTest {
    private final IovecList iov = IovecList.create();

    /** The pairs before errmsg, as the kernel would read them. */
    private List<String> pairs() {
        List<Iovec> v = iov.iovecs();
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 3 < v.size(); i += 2) {
            out.add(pair(v.get(i), v.get(i + 1)));
        }
        return out;
    }

    private static String pair(Iovec name, Iovec value) {
        byte[] n = name.contents();
        assertEquals(0, n[n.length - 1], "a name ends in its NUL");
        return KernelValues.readCString(n) + "/" + name.iov_len() + "=" + value;
    }

    private static String hex(String s) {
        return HostOrder.hex(KernelValues.cString(s));
    }

    private static Inet4Address v4(String literal) {
        return (Inet4Address) Codecs.literal("ip4.addr", literal, 4);
    }

    private static Inet6Address v6(String literal) {
        return (Inet6Address) Codecs.literal("ip6.addr", literal, 16);
    }

    private static String message(Runnable r) {
        return assertThrows(InvalidParamException.class, r::run).getMessage();
    }

    // ---- each kernel type -----------------------------------------------------------------------

    @Test
    void intIsFourHostOrderBytes() {
        JailParams.SECURELEVEL.addTo(iov, 3);
        assertEquals(List.of("securelevel/12=(" + HostOrder.int32(3) + ", 4)"), pairs());
    }

    @Test
    void uintIsFourHostOrderBytes() {
        addCast(JailParam.discovered("x.uint", ParamFormat.UINT, JailParam.Access.SETTABLE, -1), 0x80000001);
        assertEquals(List.of("x.uint/7=(" + HostOrder.int32(0x80000001) + ", 4)"), pairs());
    }

    @Test
    void jailsysIsFourHostOrderBytes() {
        JailParams.IP4.addTo(iov, JailSys.INHERIT);
        JailParams.SYSVSHM.addTo(iov, JailSys.NEW);
        JailParams.HOST.addTo(iov, JailSys.INHERIT);
        assertEquals(List.of("ip4/4=(" + HostOrder.int32(2) + ", 4)", "sysvshm/8=(" + HostOrder.int32(1) + ", 4)",
                "host/5=(" + HostOrder.int32(2) + ", 4)"), pairs());
    }

    @Test
    void ulongIsEightHostOrderBytes() {
        JailParams.HOST_HOSTID.addTo(iov, 0x0102030405060708L);
        assertEquals(List.of("host.hostid/12=(" + HostOrder.int64(0x0102030405060708L) + ", 8)"), pairs());
    }

    @Test
    void longAndSixtyFourBitFormatsAreEightBytes() {
        for (ParamFormat f : List.of(ParamFormat.LONG, ParamFormat.S64, ParamFormat.U64)) {
            addCast(JailParam.discovered("x.l", f, JailParam.Access.SETTABLE, -1), -2L);
        }
        String minusTwo = "x.l/4=(" + HostOrder.int64(-2L) + ", 8)";
        assertEquals(List.of(minusTwo, minusTwo, minusTwo), pairs());
    }

    @Test
    void stringIsItsBytesAndNulCountedInIovLen() {
        JailParams.PATH.addTo(iov, "/jails/j1");
        assertEquals(List.of("path/5=(" + hex("/jails/j1") + ", 10)"), pairs());
    }

    @Test
    void emptyStringIsTheNulAlone() {
        JailParams.HOST_HOSTNAME.addTo(iov, "");
        assertEquals(List.of("host.hostname/14=(00, 1)"), pairs());
    }

    @Test
    void stringAtItsMaximumLengthFillsTheKernelsBuffer() {
        String max = "a".repeat(255);
        JailParams.HOST_HOSTNAME.addTo(iov, max);
        assertEquals(List.of("host.hostname/14=(" + hex(max) + ", 256)"), pairs());
        assertEquals(JailParams.HOST_HOSTNAME.maxLength(), iov.iovecs().get(1).iov_len());
    }

    @Test
    void stringOneByteOverItsMaximumIsRefusedBeforeItIsAdded() {
        assertEquals("jail4j: host.hostname: ENAMETOOLONG: at most 255 bytes, got 256",
                message(() -> JailParams.HOST_HOSTNAME.addTo(iov, "a".repeat(256))));
        assertEquals(List.of(), pairs());
    }

    @Test
    void everyCataloguedStringAtItsMaximumFitsAndOneOverIsRefused() {
        for (JailParam<?> p : JailParams.all()) {
            if (p.format() == ParamFormat.STRING) {
                addString(p, "s".repeat(p.maxLength() - 1));
                String over = "s".repeat(p.maxLength());
                // osrelease is the kernel's one exception: EINVAL with its own words.
                String expected = p.equals(JailParams.OSRELEASE)
                        ? "jail4j: osrelease: EINVAL: osrelease string must be 1-31 bytes long"
                        : "jail4j: " + p.name() + ": ENAMETOOLONG: at most " + (p.maxLength() - 1) + " bytes, got "
                                + p.maxLength();
                assertEquals(expected, message(() -> addString(p, over)), p.name());
            }
        }
        for (Iovec value : iov.iovecs().subList(0, iov.niov() - 2)) {
            assertFalse(value.isNull());
        }
    }

    private void addString(JailParam<?> p, String value) {
        String v = p.name().equals("path") ? "/" + value.substring(1) : value;
        addCast(p, v);
    }

    private <T> void addCast(JailParam<T> p, Object value) {
        p.addTo(iov, p.cast(value));
    }

    @Test
    void trueBooleanIsItsNameWithANullValue() {
        JailParams.PERSIST.addTo(iov, true);
        assertEquals(List.of("persist/8=(NULL, 0)"), pairs());
    }

    @Test
    void falseBooleanIsItsNoNameWithANullValue() {
        JailParams.PERSIST.addTo(iov, false);
        assertEquals(List.of("nopersist/10=(NULL, 0)"), pairs());
    }

    @Test
    void falseDottedBooleansPutNoAfterTheLastDot() {
        JailParams.ALLOW_MOUNT.addTo(iov, false);
        JailParams.IP4_SADDRSEL.addTo(iov, false);
        JailParams.ALLOW_MOUNT_DEVFS.addTo(iov, false);
        JailParams.ALLOW_MOUNT_DEVFS.addTo(iov, true);
        assertEquals(List.of("allow.nomount/14=(NULL, 0)", "ip4.nosaddrsel/15=(NULL, 0)",
                "allow.mount.nodevfs/20=(NULL, 0)", "allow.mount.devfs/18=(NULL, 0)"), pairs());
    }

    @Test
    void ip4AddressesAreFourNetworkOrderBytesEach() {
        JailParams.IP4_ADDR.addTo(iov, List.of(v4("1.2.3.4"), v4("10.0.0.9")));
        assertEquals(List.of("ip4.addr/9=(010203040a000009, 8)"), pairs());
    }

    @Test
    void ip6AddressesAreSixteenBytesEach() {
        JailParams.IP6_ADDR.addTo(iov, List.of(v6("::1")));
        assertEquals(List.of("ip6.addr/9=(00000000000000000000000000000001, 16)"), pairs());
    }

    @Test
    void emptyAddressListsAreNullWithLengthZero() {
        JailParams.IP4_ADDR.addTo(iov, List.of());
        JailParams.IP6_ADDR.addTo(iov, List.of());
        assertEquals(List.of("ip4.addr/9=(NULL, 0)", "ip6.addr/9=(NULL, 0)"), pairs());
    }

    @Test
    void fullAddressListsOf255AreSentWhole() {
        List<Inet4Address> four = new ArrayList<>();
        List<Inet6Address> six = new ArrayList<>();
        StringBuilder hex4 = new StringBuilder();
        StringBuilder hex6 = new StringBuilder();
        for (int i = 1; i <= 255; i++) {
            four.add(v4("10.9.0." + i));
            hex4.append(String.format("0a0900%02x", i));
            six.add(v6("2001:db8::" + Integer.toHexString(i)));
            hex6.append(String.format("20010db8000000000000000000000%03x", i));
        }
        JailParams.IP4_ADDR.addTo(iov, four);
        JailParams.IP6_ADDR.addTo(iov, six);
        assertEquals(List.of("ip4.addr/9=(" + hex4 + ", 1020)", "ip6.addr/9=(" + hex6 + ", 4080)"), pairs());
    }

    @Test
    void the256thAddressIsRefusedBeforeItIsAdded() {
        List<Inet4Address> ips = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            ips.add(v4("10.8." + (i / 200) + "." + (i % 200 + 1)));
        }
        assertEquals("jail4j: ip4.addr: EINVAL: at most 255 addresses, got 256",
                message(() -> JailParams.IP4_ADDR.addTo(iov, ips)));
        assertEquals(List.of(), pairs());
    }

    @Test
    void keyValueIsOneCString() {
        JailParams.META.addTo(iov, Map.of("owner", "ci"));
        assertEquals(List.of("meta/5=(" + hex("owner=ci") + ", 9)"), pairs());
    }

    @Test
    void pseudoParameterNeverReachesTheKernel() {
        assertEquals("jail4j: exec.start: EINVAL: is a jail(8) pseudo-parameter, not a kernel parameter",
                message(() -> JailParams.EXEC_START.addTo(iov, List.of("/bin/sh /etc/rc"))));
    }

    @Test
    void errmsgFollowsTheParametersWith1024ClearedBytes() {
        JailParams.PERSIST.addTo(iov, true);
        List<Iovec> v = iov.iovecs();
        assertAll(
                () -> assertEquals(4, v.size()),
                () -> assertEquals("errmsg", KernelValues.readCString(v.get(2).contents())),
                () -> assertEquals(7, v.get(2).iov_len()),
                () -> assertFalse(v.get(3).isNull()),
                () -> assertEquals(1024, v.get(3).iov_len()),
                () -> assertArrayEquals(new byte[1024], v.get(3).contents()));
    }

    @Test
    void aSpecsKernelParametersBecomeTheIovecListInOrder() {
        JailSpec spec = JailSpec.builder("www").path(java.nio.file.Path.of("/j/www")).hostname("www.example.org")
                .network(Network.loopback("127.0.1.10")).set(JailParams.EXEC_START, List.of("/bin/sh /etc/rc"))
                .set(JailParams.ALLOW_RAW_SOCKETS, false).persist(true).build();
        spec.kernelParams().addTo(iov);
        assertEquals(List.of(
                "name/5=(" + hex("www") + ", 4)",
                "ip4/4=(" + HostOrder.int32(1) + ", 4)",
                "ip6/4=(" + HostOrder.int32(0) + ", 4)",
                "ip4.addr/9=(7f00010a, 4)",
                "path/5=(" + hex("/j/www") + ", 7)",
                "host.hostname/14=(" + hex("www.example.org") + ", 16)",
                "allow.noraw_sockets/20=(NULL, 0)",
                "persist/8=(NULL, 0)"), pairs());
    }

    // ---- jail_get output buffers ----------------------------------------------------------------

    @Test
    void outputSizeOfEachKind() {
        assertAll(
                () -> assertEquals(256, JailParams.HOST_HOSTNAME.outputSize()),
                () -> assertEquals(256, JailParams.NAME.outputSize()),
                () -> assertEquals(1024, JailParams.PATH.outputSize()),
                () -> assertEquals(32, JailParams.OSRELEASE.outputSize()),
                () -> assertEquals(64, JailParams.HOST_HOSTUUID.outputSize()),
                () -> assertEquals(65, JailParams.LINUX_OSNAME.outputSize()),
                () -> assertEquals(4096, JailParams.META.outputSize()),
                () -> assertEquals(4, JailParams.SECURELEVEL.outputSize()),
                () -> assertEquals(4, JailParams.PERSIST.outputSize()),
                () -> assertEquals(4, JailParams.IP4.outputSize()),
                () -> assertEquals(8, JailParams.HOST_HOSTID.outputSize()),
                () -> assertEquals(8, JailParams.IP4_ADDR.outputSize(2)),
                () -> assertEquals(0, JailParams.IP4_ADDR.outputSize(0)),
                () -> assertEquals(255 * 4, JailParams.IP4_ADDR.outputSize()),
                () -> assertEquals(255 * 16, JailParams.IP6_ADDR.outputSize()),
                () -> assertEquals(4, JailParams.SECURELEVEL.outputSize(7), "the count is only for arrays"),
                () -> assertEquals(65, JailParam.discovered("x.s", ParamFormat.STRING, JailParam.Access.SETTABLE, 65)
                        .outputSize()));
    }

    @Test
    void outputSizeIsUnknownForPseudoAndUnsizedParameters() {
        assertEquals("exec.start: a jail(8) pseudo-parameter has no kernel value",
                assertThrows(IllegalStateException.class, JailParams.EXEC_START::outputSize).getMessage());
        assertEquals("mac.label: no maximum length known; discover it from the kernel",
                assertThrows(IllegalStateException.class, JailParams.MAC_LABEL::outputSize).getMessage());
    }

    @Test
    void stringOutputBufferDecodesWhatTheKernelWrote() {
        int i = iov.addOutput(JailParams.HOST_HOSTNAME.name(), JailParams.HOST_HOSTNAME.outputSize());
        byte[] written = KernelValues.cString("www.example.org");
        kernelWrites(i, written);
        assertEquals(256, iov.iovecs().get(i).iov_len(), "string iov_len stays at the buffer size");
        assertEquals("www.example.org", JailParams.HOST_HOSTNAME.decode(iov.buffer(i)));
    }

    @Test
    void addressOutputBufferDecodesTheLengthTheKernelSet() {
        int i = iov.addOutput(JailParams.IP4_ADDR.name(), JailParams.IP4_ADDR.outputSize(4));
        kernelWrites(i, new byte[] {10, 0, 0, 1, 10, 0, 0, 2});
        int word = Runtime.getSystemRuntime().addressSize();
        iov.pointer().putLong((long) i * 2 * word + word, 8);
        iov.readBack();
        assertEquals(List.of(v4("10.0.0.1"), v4("10.0.0.2")), JailParams.IP4_ADDR.decode(iov.value(i)));
    }

    @Test
    void booleanOutputDecodesTheKernelsInt() {
        int i = iov.addOutput(JailParams.DYING.name(), JailParams.DYING.outputSize());
        kernelWrites(i, KernelValues.int32(1));
        assertEquals(true, JailParams.DYING.decode(iov.value(i)));
    }

    private void kernelWrites(int index, byte[] bytes) {
        Pointer base = Runtime.getSystemRuntime().getMemoryManager().newPointer(iov.iovecs().get(index).iov_base());
        base.put(0, bytes, 0, bytes.length);
    }
}
