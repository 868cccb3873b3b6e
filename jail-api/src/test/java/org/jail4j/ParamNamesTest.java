package org.jail4j;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.jail4j.JailParam.Access;
import org.jail4j.ffi.Iovec;
import org.jail4j.ffi.IovecList;
import org.jail4j.ffi.KernelValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Names as users write them ({@code no} forms, text values) and parameters the kernel reports at run time. */
class ParamNamesTest {
    // ---- resolve and the no forms ---------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "persist, persist, false",
        "nopersist, persist, true",
        "allow.mount, allow.mount, false",
        "allow.nomount, allow.mount, true",
        "ip4.nosaddrsel, ip4.saddrsel, true",
        "allow.mount.nodevfs, allow.mount.devfs, true",
        "allow.mount.devfs, allow.mount.devfs, false",
        "host.hostname, host.hostname, false"})
    void resolveFindsTheParameterAndWhetherItWasNegated(String written, String param, boolean negated) {
        assertEquals(Optional.of(new JailParams.ParamName(JailParams.lookup(param).orElseThrow(), negated)),
                JailParams.resolve(written));
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo.bar", "nopath", "host.nohostname", "allow.nofoo", "no", "noallow.mount", "allow.",
        "", "nonopersist"})
    void resolveKnowsNoOtherName(String written) {
        assertEquals(Optional.empty(), JailParams.resolve(written));
    }

    @Test
    void lookupTakesOnlyTheExactName() {
        assertEquals(Optional.of(JailParams.PERSIST), JailParams.lookup("persist"));
        assertEquals(Optional.empty(), JailParams.lookup("nopersist"));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
        "persist, NULL, true",
        "persist, '', true",
        "persist, false, false",
        "persist, 1, true",
        "nopersist, NULL, false",
        "nopersist, true, false",
        "nopersist, false, true"})
    void booleanTextAndNoFormsSetTheValueAsJail8Does(String name, String text, boolean expected) {
        assertEquals(expected, JailParams.builder().setText(name, text).build().get(JailParams.PERSIST));
    }

    @Test
    void dottedNoFormSetsTheBooleanFalse() {
        JailParams p = JailParams.builder().setText("allow.nomount", null).setText("ip4.nosaddrsel", null)
                .setText("allow.mount.nodevfs", null).build();
        assertAll(
                () -> assertEquals(false, p.get(JailParams.ALLOW_MOUNT)),
                () -> assertEquals(false, p.get(JailParams.IP4_SADDRSEL)),
                () -> assertEquals(false, p.get(JailParams.ALLOW_MOUNT_DEVFS)));
    }

    @Test
    void theLaterOfANameAndItsNoFormWins() {
        assertEquals(false, JailParams.builder().setText("allow.mount", null).setText("allow.nomount", null).build()
                .get(JailParams.ALLOW_MOUNT));
    }

    @Test
    void jailsysWithoutAValueIsNew() {
        assertEquals(JailSys.NEW, JailParams.builder().setText("vnet", null).build().get(JailParams.VNET));
    }

    @Test
    void textValuesAreParsedByTheParametersFormat() {
        JailParams p = JailParams.builder()
                .setText("ip4.addr", "10.0.0.1, 10.0.0.2")
                .setText("ip6", "inherit")
                .setText("host.hostid", "18446744073709551615")
                .setText("enforce_statfs", "1")
                .setText("host.hostname", "")
                .build();
        assertAll(
                () -> assertEquals("10.0.0.1,10.0.0.2", p.text(JailParams.IP4_ADDR)),
                () -> assertEquals(JailSys.INHERIT, p.get(JailParams.IP6)),
                () -> assertEquals(-1L, p.get(JailParams.HOST_HOSTID)),
                () -> assertEquals("18446744073709551615", p.text(JailParams.HOST_HOSTID)),
                () -> assertEquals(1, p.get(JailParams.ENFORCE_STATFS)),
                () -> assertEquals("", p.get(JailParams.HOST_HOSTNAME)));
    }

    @Test
    void toStringShowsTheValuesAsText() {
        JailParams p = JailParams.builder().set(JailParams.NAME, "www").setText("ip4.addr", "10.0.0.1")
                .set(JailParams.PERSIST, true).build();
        assertEquals("JailParams[name=www ip4.addr=10.0.0.1 persist=true]", p.toString());
    }

    // ---- parameters discovered at run time ------------------------------------------------------

    private static int maxFor(ParamFormat f) {
        return f == ParamFormat.STRING || f == ParamFormat.KEYVALUE || f == ParamFormat.MAC ? 128 : -1;
    }

    @ParameterizedTest
    @EnumSource(value = ParamFormat.class, names = {"PSEUDO", "MAC"}, mode = EnumSource.Mode.EXCLUDE)
    void discoveredParameterOfEachFormatEncodesAndDecodes(ParamFormat f) {
        JailParam<?> p = JailParam.discovered("x.found", f, Access.SETTABLE, maxFor(f));
        roundTrip(p, CodecsTest.sample(f));
    }

    private static <T> void roundTrip(JailParam<T> p, Object sample) {
        T v = p.cast(sample);
        p.validate(v);
        byte[] raw = p.encode(v);
        IovecList iov = IovecList.create();
        p.addTo(iov, v);
        Iovec value = iov.iovecs().get(1);
        assertAll(
                () -> assertEquals(v, p.decode(raw)),
                () -> assertEquals(v, p.fromText(p.toText(v))),
                () -> assertEquals("x.found", KernelValues.readCString(iov.iovecs().get(0).contents())),
                () -> assertArrayEquals(p.isBoolean() ? new byte[0] : raw, value.contents(),
                        "booleans go by name alone"));
    }

    @Test
    void discoveredMacLabelKeepsItsTextButIsNotEncoded() {
        JailParam<?> p = JailParam.discovered("mac.label", ParamFormat.MAC, Access.SETTABLE, -1);
        assertEquals("jail4j: mac.label: EINVAL: a struct mac value cannot be sent by jail4j",
                assertThrows(InvalidParamException.class, () -> roundTrip(p, "biba/high")).getMessage());
    }

    @Test
    void thereAreNoDiscoveredPseudoParameters() {
        assertThrows(IllegalArgumentException.class,
                () -> JailParam.discovered("exec.start", ParamFormat.PSEUDO, Access.SETTABLE, -1));
    }

    @Test
    void discoveredStringKeepsTheKernelsMaximum() {
        JailParam<?> p = JailParam.discovered("linux.osname", ParamFormat.STRING, Access.SETTABLE, 8);
        assertEquals("jail4j: linux.osname: ENAMETOOLONG: at most 7 bytes, got 8",
                assertThrows(InvalidParamException.class,
                        () -> JailParams.builder().setText(p, "12345678")).getMessage());
        assertEquals("1234567", JailParams.builder().setText(p, "1234567").build().text(p));
    }

    @Test
    void discoveredAddressesFollowTheAddressRules() {
        JailParam<?> p = JailParam.discovered("ip4.addr", ParamFormat.IN_ADDR_ARRAY, Access.SETTABLE, -1);
        assertEquals("jail4j: ip4.addr: EINVAL: address 10.0.0.1 given twice",
                assertThrows(InvalidParamException.class,
                        () -> JailParams.builder().setText(p, "10.0.0.1,10.0.0.1")).getMessage());
    }

    @Test
    void discoveredParameterOfTheCataloguesFormatIsTheSameKey() {
        JailParam<?> found = JailParam.discovered("host.hostname", ParamFormat.STRING, Access.SETTABLE, 256);
        JailParams p = JailParams.builder().setText(found, "www").build();
        assertEquals(JailParams.HOST_HOSTNAME, found);
        assertEquals("www", p.get(JailParams.HOST_HOSTNAME));
    }

    @Test
    void discoveredParameterOfAnotherFormatIsAnotherKey() {
        assertNotEquals(JailParams.HOST_HOSTNAME,
                JailParam.discovered("host.hostname", ParamFormat.INT, Access.SETTABLE, -1));
    }

    @Test
    void discoveredBooleanHasItsNoForm() {
        JailParam<?> p = JailParam.discovered("allow.mount.nullfs", ParamFormat.BOOL, Access.SETTABLE, -1);
        IovecList iov = IovecList.create();
        add(iov, p, false);
        assertEquals("allow.mount.nonullfs", KernelValues.readCString(iov.iovecs().get(0).contents()));
        assertTrue(iov.iovecs().get(1).isNull());
        assertEquals(0, iov.iovecs().get(1).iov_len());
    }

    private static <T> void add(IovecList iov, JailParam<T> p, Object value) {
        p.addTo(iov, p.cast(value));
    }

    @Test
    void discoveredReadOnlyParameterIsRefusedOnCreate() {
        JailParam<?> p = JailParam.discovered("x.counter", ParamFormat.INT, Access.ofSysctlKind(0x80040002), -1);
        assertEquals("create www: x.counter: EINVAL: is read-only",
                assertThrows(InvalidParamException.class,
                        () -> JailSpec.builder("www").setAll(JailParams.builder().setText(p, "1").build()))
                        .getMessage());
    }
}
