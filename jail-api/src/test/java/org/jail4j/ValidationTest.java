package org.jail4j;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every rule checked before a syscall, with the exact message a user sees: the call, the jail,
 * the parameter, the errno symbol and the rule, e.g.
 * {@code create www: enforce_statfs: EINVAL: must be 0, 1 or 2, not 3}.
 */
class ValidationTest {
    private static String message(Executable e) {
        return assertThrows(InvalidParamException.class, e).getMessage();
    }

    private static JailSpec.Builder www() {
        return JailSpec.builder("www");
    }

    private static Inet4Address v4(String literal) {
        return (Inet4Address) Codecs.literal("ip4.addr", literal, 4);
    }

    private static Inet6Address v6(String literal) {
        return (Inet6Address) Codecs.literal("ip6.addr", literal, 16);
    }

    private static List<Inet4Address> distinctV4(int n) {
        List<Inet4Address> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(v4("10.1." + (i / 250) + "." + (i % 250 + 1)));
        }
        return out;
    }

    /** A raw view of a parameter, to pass a value of the wrong type as untyped callers (jail.conf) could. */
    @SuppressWarnings("unchecked")
    private static JailParam<Object> untyped(JailParam<?> p) {
        return (JailParam<Object>) p;
    }

    // ---- the shape of the message ---------------------------------------------------------------

    @Test
    void specBuilderFailureNamesCallJailParameterErrnoAndRule() {
        InvalidParamException e = assertThrows(InvalidParamException.class,
                () -> www().set(JailParams.ENFORCE_STATFS, 3));
        assertAll(
                () -> assertEquals("create www: enforce_statfs: EINVAL: must be 0, 1 or 2, not 3", e.getMessage()),
                () -> assertEquals("create", e.call()),
                () -> assertEquals("www", e.jail()),
                () -> assertEquals("enforce_statfs", e.param()),
                () -> assertEquals("EINVAL", e.errno()),
                () -> assertEquals("must be 0, 1 or 2, not 3", e.reason()));
    }

    @Test
    void unnamedSpecFailureNamesTheCallAlone() {
        assertEquals("create: enforce_statfs: EINVAL: must be 0, 1 or 2, not 3",
                message(() -> JailSpec.unnamed().set(JailParams.ENFORCE_STATFS, 3)));
    }

    @Test
    void updateBuilderFailureNamesUpdateAndTheJail() {
        assertEquals("update www: enforce_statfs: EINVAL: must be 0, 1 or 2, not 3",
                message(() -> JailParams.builder("update", "www").set(JailParams.ENFORCE_STATFS, 3)));
    }

    @Test
    void plainBuilderFailureHasNoCallOrJail() {
        InvalidParamException e = assertThrows(InvalidParamException.class,
                () -> JailParams.builder().set(JailParams.ENFORCE_STATFS, 3));
        assertEquals("jail4j: enforce_statfs: EINVAL: must be 0, 1 or 2, not 3", e.getMessage());
        assertNull(e.call());
        assertNull(e.jail());
    }

    @Test
    void builderForAnotherCallIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> JailParams.builder("remove", "www"));
    }

    @Test
    void withContextKeepsTheTypeAndFillsOnlyWhatWasMissing() {
        InvalidParamException bare = new InvalidParamException(null, null, "path", "ENAMETOOLONG",
                "at most 1023 bytes");
        InvalidParamException full = bare.withContext("create", "www");
        assertAll(
                () -> assertEquals("create www: path: ENAMETOOLONG: at most 1023 bytes", full.getMessage()),
                () -> assertEquals(InvalidParamException.class, full.getClass()),
                () -> assertSame(full, full.withContext("update", "other")),
                () -> assertEquals(bare.getStackTrace().length, full.getStackTrace().length));
    }

    // ---- types ----------------------------------------------------------------------------------

    @Test
    void textThatIsNotANumberIsRefused() {
        assertEquals("create www: enforce_statfs: EINVAL: not an integer: \"two\"",
                message(() -> www().setText("enforce_statfs", "two")));
    }

    @Test
    void valueOfTheWrongJavaTypeIsRefused() {
        assertEquals("create www: enforce_statfs: EINVAL: expected Integer, got String",
                message(() -> www().set(untyped(JailParams.ENFORCE_STATFS), "2")));
    }

    @Test
    void castOfTheWrongJavaTypeIsRefused() {
        assertEquals("jail4j: persist: EINVAL: expected Boolean, got Integer",
                message(() -> JailParams.PERSIST.cast(1)));
    }

    @Test
    void listOfTheWrongElementTypeIsRefused() {
        assertEquals("create www: ip4.addr: EINVAL: expected List<Inet4Address>, got a List holding a String",
                message(() -> www().set(untyped(JailParams.IP4_ADDR), List.of("10.0.0.1"))));
    }

    @Test
    void ip6AddressInIp4AddrIsRefused() {
        assertEquals("create www: ip4.addr: EINVAL: expected List<Inet4Address>, got a List holding a Inet6Address",
                message(() -> www().set(untyped(JailParams.IP4_ADDR), List.of(v6("::1")))));
    }

    @Test
    void mapOfTheWrongTypeIsRefused() {
        assertEquals("create www: meta: EINVAL: expected Map<String, String>, got a Map holding String=Integer",
                message(() -> www().set(untyped(JailParams.META), Map.of("k", 1))));
    }

    @Test
    void aSetListCannotChangeAfterwards() {
        List<Inet4Address> ips = new ArrayList<>(List.of(v4("10.0.0.1")));
        JailParams p = JailParams.builder().set(JailParams.IP4_ADDR, ips).build();
        ips.add(v4("10.0.0.2"));
        assertEquals(List.of(v4("10.0.0.1")), p.get(JailParams.IP4_ADDR));
    }

    // ---- ranges ---------------------------------------------------------------------------------

    @Test
    void enforceStatfsBelowZeroIsRefused() {
        assertEquals("create www: enforce_statfs: EINVAL: must be 0, 1 or 2, not -1",
                message(() -> www().set(JailParams.ENFORCE_STATFS, -1)));
    }

    @Test
    void enforceStatfsZeroToTwoIsAccepted() {
        for (int v = 0; v <= 2; v++) {
            assertEquals(v, www().set(JailParams.ENFORCE_STATFS, v).build().params().get(JailParams.ENFORCE_STATFS));
        }
    }

    @Test
    void securelevelBelowMinusOneIsEperm() {
        assertEquals("create www: securelevel: EPERM: must be -1 or more, not -2",
                message(() -> www().set(JailParams.SECURELEVEL, -2)));
        assertDoesNotThrow(() -> www().set(JailParams.SECURELEVEL, -1).set(JailParams.SECURELEVEL, 3).build());
    }

    @Test
    void jidOutsideOneTo999999IsRefused() {
        assertEquals("create www: jid: EINVAL: must be between 1 and 999999, not 0",
                message(() -> www().jid(0)));
        assertEquals("create www: jid: EINVAL: must be between 1 and 999999, not 1000000",
                message(() -> www().jid(1000000)));
        assertDoesNotThrow(() -> www().jid(1).jid(999999).build());
    }

    @Test
    void childrenMaxBelowZeroIsRefused() {
        assertEquals("create www: children.max: EINVAL: must be 0 or more, not -1",
                message(() -> www().set(JailParams.CHILDREN_MAX, -1)));
        assertDoesNotThrow(() -> www().set(JailParams.CHILDREN_MAX, 0).build());
    }

    @Test
    void devfsRulesetOutside0To65535IsRefused() {
        assertEquals("create www: devfs_ruleset: EINVAL: must be between 0 and 65535, not 65536",
                message(() -> www().set(JailParams.DEVFS_RULESET, 65536)));
        assertEquals("create www: devfs_ruleset: EINVAL: must be between 0 and 65535, not -1",
                message(() -> www().set(JailParams.DEVFS_RULESET, -1)));
        assertDoesNotThrow(() -> www().set(JailParams.DEVFS_RULESET, 0).set(JailParams.DEVFS_RULESET, 65535).build());
    }

    @Test
    void osreldateZeroIsRefused() {
        assertEquals("create www: osreldate: EINVAL: must be positive, not 0",
                message(() -> www().set(JailParams.OSRELDATE, 0)));
    }

    @Test
    void hostAndVnetCannotBeDisabled() {
        assertEquals("create www: host: EINVAL: may be new or inherit, not disable",
                message(() -> www().set(JailParams.HOST, JailSys.DISABLE)));
        assertEquals("create www: vnet: EINVAL: may be new or inherit, not disable",
                message(() -> www().setText("vnet", "disable")));
    }

    // ---- names ----------------------------------------------------------------------------------

    @Test
    void numericNameOtherThanTheJidIsRefused() {
        assertEquals("create 7: name: EINVAL: name cannot be numeric (unless it is the jid)",
                message(() -> JailSpec.builder("7").jid(3).build()));
    }

    @Test
    void numericNameEqualToTheJidIsAccepted() {
        assertEquals("5", JailSpec.builder("5").jid(5).build().name());
    }

    @Test
    void numericNameWithoutJidIsAcceptedAsTheJid() {
        JailSpec spec = JailSpec.builder("5").persist(true).build();
        assertEquals("5", spec.name());
        assertFalse(spec.params().contains(JailParams.JID));
    }

    @Test
    void numericNameWithoutJidMustBeAValidJid() {
        assertEquals("create 1000000: name: EINVAL: a numeric name is taken as the jid, which must be between 1 and"
                + " 999999, not 1000000", message(() -> JailSpec.builder("1000000").build()));
    }

    @Test
    void numericNameNotInNormalFormIsRefusedEvenWithoutJid() {
        assertEquals("create 05: name: EINVAL: name cannot be numeric (unless it is the jid)",
                message(() -> JailSpec.builder("05").build()));
        assertEquals("create +5: name: EINVAL: name cannot be numeric (unless it is the jid)",
                message(() -> JailSpec.builder("+5").jid(5).build()));
    }

    @Test
    void onlyTheLastLevelOfAHierarchicalNameIsTheNumber() {
        assertDoesNotThrow(() -> JailSpec.builder("7.a").jid(3).build());
        assertDoesNotThrow(() -> JailSpec.builder("a.5").jid(5).build());
        assertEquals("create a.5: name: EINVAL: name cannot be numeric (unless it is the jid)",
                message(() -> JailSpec.builder("a.5").jid(6).build()));
    }

    @Test
    void nameThatOnlyStartsWithDigitsIsNotNumeric() {
        assertDoesNotThrow(() -> JailSpec.builder("5web").jid(3).build());
    }

    @Test
    void nameWithAnEmptyLevelIsRefused() {
        for (String bad : List.of("a..b", ".a", "a.")) {
            assertEquals("create " + bad + ": name: EINVAL: dots separate the levels of a hierarchical name, and no"
                    + " level may be empty: \"" + bad + "\"", message(() -> JailSpec.builder(bad).build()));
        }
    }

    @Test
    void emptyNameIsRefused() {
        assertEquals("create: name: EINVAL: must not be empty", message(() -> JailSpec.builder("").build()));
    }

    @Test
    void nameOf255BytesIsAcceptedAnd256Refused() {
        String max = "n".repeat(255);
        assertEquals(max, JailSpec.builder(max).build().name());
        String over = "n".repeat(256);
        assertEquals("create " + over + ": name: ENAMETOOLONG: at most 255 bytes, got 256",
                message(() -> JailSpec.builder(over).build()));
    }

    @Test
    void renameToANumberOtherThanTheJidIsRefusedOnUpdate() {
        JailParams changes = JailParams.builder().set(JailParams.NAME, "7").build();
        assertEquals("update 5: name: EINVAL: name cannot be numeric (unless it is the jid)",
                message(() -> SpecRules.checkUpdate("5", changes)));
        assertDoesNotThrow(() -> SpecRules.checkUpdate("www", changes), "only the kernel knows www's jid");
    }

    // ---- strings --------------------------------------------------------------------------------

    @Test
    void hostnameOf255BytesIsAcceptedAnd256Refused() {
        assertDoesNotThrow(() -> www().hostname("h".repeat(255)).build());
        assertEquals("create www: host.hostname: ENAMETOOLONG: at most 255 bytes, got 256",
                message(() -> www().hostname("h".repeat(256))));
    }

    @Test
    void hostnameLengthCountsUtf8Bytes() {
        assertEquals("create www: host.hostname: ENAMETOOLONG: at most 255 bytes, got 256",
                message(() -> www().hostname("\u00e9".repeat(128))));
    }

    @Test
    void hostuuidOf63BytesIsAcceptedAnd64Refused() {
        assertDoesNotThrow(() -> www().set(JailParams.HOST_HOSTUUID, "u".repeat(63)));
        assertEquals("create www: host.hostuuid: ENAMETOOLONG: at most 63 bytes, got 64",
                message(() -> www().set(JailParams.HOST_HOSTUUID, "u".repeat(64))));
    }

    @Test
    void osreleaseOf31BytesIsAcceptedAnd32RefusedWithTheKernelsWords() {
        assertDoesNotThrow(() -> www().set(JailParams.OSRELEASE, "r".repeat(31)));
        assertEquals("create www: osrelease: EINVAL: osrelease string must be 1-31 bytes long",
                message(() -> www().set(JailParams.OSRELEASE, "r".repeat(32))));
    }

    @Test
    void stringWithANulInsideIsRefused() {
        assertEquals("create www: host.hostname: EINVAL: must not contain a NUL byte",
                message(() -> www().hostname("a\0b")));
    }

    @Test
    void pathMustBeAbsolute() {
        assertEquals("create www: path: EINVAL: must be an absolute path, not \"jails/www\"",
                message(() -> www().path(Path.of("jails/www"))));
    }

    @Test
    void pathOf1023BytesIsAcceptedAnd1024Refused() {
        assertDoesNotThrow(() -> www().setText("path", "/" + "p".repeat(1022)).build());
        assertEquals("create www: path: ENAMETOOLONG: at most 1023 bytes, got 1024",
                message(() -> www().setText("path", "/" + "p".repeat(1023))));
    }

    @Test
    void metaLongerThanItsBufferIsEfbig() {
        assertEquals("create www: meta: EFBIG: at most 4095 bytes, got 4096",
                message(() -> www().set(JailParams.META, Map.of("k", "v".repeat(4094)))));
    }

    @Test
    void metaKeyWithAnEqualsSignIsRefused() {
        assertEquals("create www: meta: EINVAL: a key may not be empty or hold '=' or a newline: \"a=b\"",
                message(() -> www().set(JailParams.META, Map.of("a=b", "c"))));
    }

    // ---- addresses ------------------------------------------------------------------------------

    @Test
    void at255AddressesPerFamilyTheListIsAccepted() {
        assertEquals(255, www().set(JailParams.IP4_ADDR, distinctV4(255)).build().params()
                .get(JailParams.IP4_ADDR).size());
    }

    @Test
    void the256thAddressIsRefused() {
        assertEquals("create www: ip4.addr: EINVAL: at most 255 addresses, got 256",
                message(() -> www().set(JailParams.IP4_ADDR, distinctV4(256))));
    }

    @Test
    void the256thIp6AddressIsRefused() {
        List<Inet6Address> ips = new ArrayList<>();
        for (int i = 1; i <= 256; i++) {
            ips.add(v6("2001:db8::" + Integer.toHexString(i)));
        }
        assertEquals("create www: ip6.addr: EINVAL: at most 255 addresses, got 256",
                message(() -> www().set(JailParams.IP6_ADDR, ips)));
    }

    @Test
    void addressGivenTwiceIsRefused() {
        assertEquals("create www: ip4.addr: EINVAL: address 10.0.0.1 given twice",
                message(() -> www().setText("ip4.addr", "10.0.0.1,10.0.0.2,10.0.0.1")));
    }

    @Test
    void wildcardAndBroadcastAddressesAreRefused() {
        assertEquals("create www: ip4.addr: EINVAL: the wildcard address 0.0.0.0 is not a jail address",
                message(() -> www().setText("ip4.addr", "0.0.0.0")));
        assertEquals("create www: ip4.addr: EINVAL: the broadcast address 255.255.255.255 is not a jail address",
                message(() -> www().setText("ip4.addr", "255.255.255.255")));
        assertEquals("create www: ip6.addr: EINVAL: the wildcard address :: is not a jail address",
                message(() -> www().setText("ip6.addr", "::")));
    }

    // ---- vnet -----------------------------------------------------------------------------------

    @Test
    void vnetWithIp4AddrIsRefused() {
        assertEquals("create v: ip4.addr: EINVAL: vnet jails cannot have IP address restrictions",
                message(() -> JailSpec.builder("v").set(JailParams.VNET, JailSys.NEW)
                        .network(Network.loopback("127.0.1.1")).build()));
    }

    @Test
    void vnetWithIp6AddrIsRefused() {
        assertEquals("create v: ip6.addr: EINVAL: vnet jails cannot have IP address restrictions",
                message(() -> JailSpec.builder("v").set(JailParams.VNET, JailSys.NEW)
                        .set(JailParams.IP6_ADDR, List.of(v6("2001:db8::1"))).build()));
    }

    @Test
    void vnetWithAnIpModeIsRefusedAsTheKernelDoes() {
        assertEquals("create v: ip4: EINVAL: vnet jails cannot have IP address restrictions",
                message(() -> JailSpec.builder("v").set(JailParams.VNET, JailSys.NEW)
                        .set(JailParams.IP4, JailSys.INHERIT).build()));
    }

    @Test
    void vnetWithoutANetworkSendsNoIpParameters() {
        JailSpec spec = JailSpec.builder("v").set(JailParams.VNET, JailSys.NEW).persist(true).build();
        assertAll(
                () -> assertFalse(spec.params().contains(JailParams.IP4)),
                () -> assertFalse(spec.params().contains(JailParams.IP6)),
                () -> assertEquals(JailSys.NEW, spec.params().get(JailParams.VNET)));
    }

    // ---- unknown, read-only, create-only ----------------------------------------------------------

    @Test
    void unknownParameterIsRefusedByName() {
        assertEquals("create www: foo.bar: EINVAL: unknown parameter: foo.bar",
                message(() -> www().setText("foo.bar", "1")));
        assertEquals("jail4j: foo.bar: EINVAL: unknown parameter: foo.bar",
                message(() -> JailParams.builder().setText("foo.bar", "1")));
    }

    @Test
    void noFormOfANonBooleanIsUnknown() {
        assertEquals("create www: nopath: EINVAL: unknown parameter: nopath",
                message(() -> www().setText("nopath", null)));
        assertEquals("create www: allow.nofoo: EINVAL: unknown parameter: allow.nofoo",
                message(() -> www().setText("allow.nofoo", null)));
    }

    @Test
    void readOnlyParameterIsRefusedOnCreate() {
        assertEquals("create www: dying: EINVAL: is read-only", message(() -> www().set(JailParams.DYING, true)));
        assertEquals("create www: children.cur: EINVAL: is read-only",
                message(() -> www().setText("children.cur", "1")));
    }

    @Test
    void readOnlyParameterIsRefusedWhenAddedAsAWhole() {
        JailParams reported = JailParams.builder().set(JailParams.PARENT, 1).build();
        assertEquals("create www: parent: EINVAL: is read-only", message(() -> www().setAll(reported)));
    }

    @Test
    void readOnlyParameterIsRefusedOnUpdate() {
        assertEquals("update www: cpuset.id: EINVAL: is read-only",
                message(() -> JailParams.builder("update", "www").set(JailParams.CPUSET_ID, 3)));
        JailParams changes = JailParams.builder().set(JailParams.CPUSET_ID, 3).build();
        assertEquals("update www: cpuset.id: EINVAL: is read-only",
                message(() -> SpecRules.checkUpdate("www", changes)));
    }

    @Test
    void readOnlyValuesMayBeHeldAsTheKernelReportsThem() {
        JailParams reported = JailParams.builder().set(JailParams.DYING, true).set(JailParams.CHILDREN_CUR, 2).build();
        assertEquals(2, reported.get(JailParams.CHILDREN_CUR));
    }

    @Test
    void createOnlyParametersAreRefusedOnUpdateAsTheKernelWordsIt() {
        for (JailParam<?> p : List.of(JailParams.PATH, JailParams.OSRELEASE, JailParams.OSRELDATE, JailParams.IP4,
                JailParams.IP6, JailParams.VNET)) {
            JailParams changes = JailParams.builder().setText(p.name(), sampleText(p)).build();
            assertEquals("update www: " + p.name() + ": EINVAL: cannot be changed after creation",
                    message(() -> SpecRules.checkUpdate("www", changes)));
            assertEquals("update www: " + p.name() + ": EINVAL: cannot be changed after creation",
                    message(() -> JailParams.builder("update", "www").setText(p.name(), sampleText(p))));
        }
    }

    private static String sampleText(JailParam<?> p) {
        switch (p.format()) {
            case INT:
                return "1302001";
            case JAILSYS:
                return "inherit";
            default:
                return "/jails/x";
        }
    }

    @Test
    void jidSelectsTheJailOnUpdate() {
        assertDoesNotThrow(() -> SpecRules.checkUpdate("www",
                JailParams.builder("update", "www").set(JailParams.JID, 4).set(JailParams.HOST_HOSTNAME, "h").build()));
    }

    @Test
    void settableParametersPassAnUpdate() {
        assertDoesNotThrow(() -> SpecRules.checkUpdate("www", JailParams.builder("update", "www")
                .set(JailParams.IP4_ADDR, List.of(v4("10.0.0.2"))).set(JailParams.PERSIST, false)
                .set(JailParams.NAME, "www2").build()));
    }
}
