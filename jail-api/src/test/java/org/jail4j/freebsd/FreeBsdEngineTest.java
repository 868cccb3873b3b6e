package org.jail4j.freebsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jail4j.HostCapabilities;
import org.jail4j.InvalidParamException;
import org.jail4j.Jail;
import org.jail4j.JailException;
import org.jail4j.JailExistsException;
import org.jail4j.JailHost;
import org.jail4j.JailParam;
import org.jail4j.JailParams;
import org.jail4j.JailPermissionException;
import org.jail4j.JailSpec;
import org.jail4j.JailSys;
import org.jail4j.Network;
import org.jail4j.NoSuchJailException;
import org.jail4j.ParamFormat;
import org.jail4j.Prison;
import org.jail4j.Sysctl;
import org.jail4j.SysctlMib;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FreeBsdEngineTest {
    @RegisterExtension
    final ModelHost model = new ModelHost();

    private JailHost host() {
        return model.host();
    }

    private static JailSpec.Builder spec(String name) {
        return JailSpec.builder(name).path(Path.of("/")).persist(true);
    }

    private static Inet4Address ip4(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }

    private List<String> names() {
        return host().list().map(Prison::name).collect(Collectors.toList());
    }

    // ---- create ---------------------------------------------------------------------------------

    @Test
    void createdJailReadsBackItsParameters() throws Exception {
        try (Jail j = host().create(spec("www").hostname("www.example.org")
                .network(Network.loopback("127.0.1.10")).build())) {
            Prison p = j.prison();
            assertEquals("www", p.name());
            assertEquals(j.jid(), p.jid());
            assertEquals("www.example.org", p.hostname());
            assertEquals("/", p.path());
            assertEquals(List.of(ip4("127.0.1.10")), p.ip4());
            assertTrue(p.persist());
            assertEquals(2, p.get(JailParams.ENFORCE_STATFS));
        }
    }

    @Test
    void createOfAnExistingNameFailsWithEexistAndTheKernelsText() {
        try (Jail j = host().create(spec("www").build())) {
            JailExistsException e = assertThrows(JailExistsException.class, () -> host().create(spec("www").build()));
            assertEquals("jail_set www: EEXIST: jail \"www\" already exists", e.getMessage());
            assertEquals("EEXIST", e.errno());
            assertEquals(List.of("www"), names());
        }
    }

    @Test
    void parameterThisKernelLacksIsRefusedBeforeAnySyscallNamingIt() {
        // The model is 13.2 without VIMAGE: "vnet" is not one of its parameters.
        InvalidParamException e = assertThrows(InvalidParamException.class,
                () -> host().create(spec("v").set(JailParams.VNET, JailSys.NEW).build()));
        assertEquals("create v: vnet: EINVAL: unknown parameter: vnet", e.getMessage());
        assertEquals(List.of(), names());
        // Nothing reached the kernel: a rejected create would have used up JID 1.
        try (Jail j = host().create(spec("after").build())) {
            assertEquals(1, j.jid());
        }
    }

    @Test
    void missingPathFailsWithEnoentNamingPathAndLeavesNoJail() {
        JailException e = assertThrows(JailException.class,
                () -> host().create(JailSpec.builder("p").path(Path.of("/nonexistent/jail4j")).persist(true).build()));
        assertEquals("jail_set p: path: ENOENT", e.getMessage());
        assertFalse(e instanceof NoSuchJailException);
        assertEquals(List.of(), names());
    }

    @Test
    void childrenMaxAboveTheParentsIsEpermNamingIt() {
        JailPermissionException e = assertThrows(JailPermissionException.class,
                () -> host().create(spec("c").set(JailParams.CHILDREN_MAX, 999999).build()));
        assertEquals("jail_set c: children.max: EPERM", e.getMessage());
        assertEquals(List.of(), names());
    }

    @Test
    void numericNameIsTakenAsTheJid() {
        try (Jail j = host().create(JailSpec.builder("5").path(Path.of("/")).persist(true).build())) {
            assertEquals(5, j.jid());
            assertEquals("5", j.name());
        }
    }

    @Test
    void unnamedJailIsNamedAfterItsJid() {
        try (Jail j = host().create(JailSpec.unnamed().path(Path.of("/")).persist(true).build())) {
            assertEquals(Integer.toString(j.jid()), j.name());
        }
    }

    @Test
    void jailWithoutPersistIsKeptUntilItsFirstProcess() {
        try (Jail j = host().create(JailSpec.builder("t").path(Path.of("/")).build())) {
            assertTrue(j.isAlive());
            assertTrue(j.prison().persist(), "temporary persist, as jail(8) sets it");
        }
    }

    // ---- read -----------------------------------------------------------------------------------

    @Test
    void listIsInJidOrderAndEndsAtEnoent() {
        try (Jail a = host().create(spec("l1").build()); Jail b = host().create(spec("l2").build());
             Jail c = host().create(spec("l3").build())) {
            assertEquals(List.of("l1", "l2", "l3"), names());
            assertEquals(List.of(a.jid(), b.jid(), c.jid()), host().list().map(Prison::jid).collect(Collectors.toList()));
        }
        assertEquals(List.of(), names());
    }

    @Test
    void findByJidAndByHierarchicalName() {
        try (Jail a = host().create(spec("a").set(JailParams.CHILDREN_MAX, 1).build());
             Jail c = host().create(spec("a.c").build())) {
            assertEquals("a.c", host().find(Integer.toString(c.jid())).orElseThrow().name());
            Prison child = host().find("a.c").orElseThrow();
            assertEquals(c.jid(), child.jid());
            assertEquals(a.jid(), child.get(JailParams.PARENT));
            assertEquals(1, host().find("a").orElseThrow().get(JailParams.CHILDREN_CUR));
            assertEquals(Optional.empty(), host().find("c"));
        }
    }

    @Test
    void childOfAMissingParentIsEnoentWithTheKernelsText() {
        NoSuchJailException e = assertThrows(NoSuchJailException.class, () -> host().create(spec("x.y").build()));
        assertEquals("jail_set x.y: ENOENT: jail \"x\" not found", e.getMessage());
    }

    @Test
    void openOfAMissingJailNamesIt() {
        NoSuchJailException e = assertThrows(NoSuchJailException.class, () -> host().open("nosuch"));
        assertEquals("jail_get nosuch: ENOENT: jail \"nosuch\" not found", e.getMessage());
        NoSuchJailException byJid = assertThrows(NoSuchJailException.class, () -> host().open(4242));
        assertEquals("jail_get #4242: ENOENT: jail 4242 not found", byJid.getMessage());
    }

    @Test
    void dyingJailIsListedOnlyWhenAsked() {
        Jail j = host().create(spec("d").build());
        model.kernel().hold(j.jid());
        j.close();
        assertEquals(List.of(), names());
        List<Prison> all = host().list(true).collect(Collectors.toList());
        assertEquals(List.of("d"), all.stream().map(Prison::name).collect(Collectors.toList()));
        assertTrue(all.get(0).dying());
        assertTrue(host().findIncludingDying("d").isPresent());
        assertEquals(Optional.empty(), host().find("d"));
    }

    @Test
    void paramTypesComeFromTheKernel() {
        JailParam<?> hostname = host().paramType("host.hostname");
        assertEquals(ParamFormat.STRING, hostname.format());
        assertEquals(256, hostname.maxLength());
        assertEquals(JailParam.Access.CREATE_ONLY, host().paramType("path").access());
        assertEquals(JailParam.Access.READ_ONLY, host().paramType("children.cur").access());
        assertEquals(ParamFormat.JAILSYS, host().paramType("ip4").format());
        assertEquals(ParamFormat.BOOL, host().paramType("allow.mount").format());
        InvalidParamException e = assertThrows(InvalidParamException.class, () -> host().paramType("vnet"));
        assertEquals("paramType: vnet: EINVAL: unknown parameter: vnet", e.getMessage());
    }

    // ---- update, remove, handles ----------------------------------------------------------------

    @Test
    void updateChangesASettableParameter() {
        try (Jail j = host().create(spec("u").build())) {
            Prison p = host().update("u", JailParams.builder().set(JailParams.HOST_HOSTNAME, "changed").build());
            assertEquals("changed", p.hostname());
            assertEquals("changed", j.prison().hostname());
            Prison byJid = j.update(JailParams.builder().set(JailParams.ALLOW_RAW_SOCKETS, true).build());
            assertTrue(byJid.get(JailParams.ALLOW_RAW_SOCKETS));
        }
    }

    @Test
    void renameGoesByJid() {
        try (Jail j = host().create(spec("old").build())) {
            Prison p = host().update("old", JailParams.builder().set(JailParams.NAME, "new").build());
            assertEquals("new", p.name());
            assertEquals(j.jid(), p.jid());
        }
    }

    @Test
    void updateOfACreateOnlyParameterIsRefusedBeforeTheCall() {
        try (Jail j = host().create(spec("u").build())) {
            InvalidParamException e = assertThrows(InvalidParamException.class,
                    () -> host().update("u", JailParams.builder().set(JailParams.OSRELEASE, "99.0").build()));
            assertEquals("update u: osrelease: EINVAL: cannot be changed after creation", e.getMessage());
        }
    }

    @Test
    void updateOfAMissingJailIsEnoentWithTheKernelsText() {
        NoSuchJailException e = assertThrows(NoSuchJailException.class,
                () -> host().update("cu2", JailParams.builder().set(JailParams.HOST_HOSTNAME, "x").build()));
        assertEquals("jail_set cu2: ENOENT: jail \"cu2\" not found", e.getMessage());
    }

    @Test
    void removeTakesTheJailAway() {
        Jail handle = host().create(spec("r").build());
        host().remove("r");
        handle.close();
        assertEquals(Optional.empty(), host().find("r"));
        NoSuchJailException e = assertThrows(NoSuchJailException.class, () -> host().remove("r"));
        assertEquals("jail_get r: ENOENT: jail \"r\" not found", e.getMessage());
    }

    @Test
    void handleThatOutlivedItsJailRefusesTheJailThatReusedItsJid() {
        Jail old = host().create(spec("old").build());
        int jid = old.jid();
        host().remove("old");
        assertFalse(old.isAlive());
        try (Jail other = host().create(spec("other").jid(jid).build())) {
            assertEquals(jid, other.jid());
            NoSuchJailException e = assertThrows(NoSuchJailException.class, old::prison);
            assertEquals("jail_get old: ENOENT: jail \"old\" (jid " + jid + ") no longer exists; jid " + jid
                    + " is now \"other\"", e.getMessage());
            assertThrows(NoSuchJailException.class, old::remove);
            assertFalse(old.isAlive());
            old.close();
            assertTrue(other.isAlive(), "closing the stale handle must not remove the jail that reused its JID");
        }
    }

    @Test
    void closeOfAnOwnedHandleRemovesOnceAndIsIdempotent() {
        Jail j = host().create(spec("c").build());
        j.close();
        j.close();
        assertEquals(List.of(), names());
    }

    @Test
    void closeOfAnOpenedHandleLeavesTheJail() {
        try (Jail owner = host().create(spec("keep").build())) {
            Jail opened = host().open("keep");
            assertFalse(opened.owned());
            opened.close();
            assertEquals(List.of("keep"), names());
        }
    }

    @Test
    void createOrUpdateCreatesThenUpdates() {
        try (Jail made = host().createOrUpdate(spec("cu").hostname("one").build())) {
            assertTrue(made.owned());
            Jail again = host().createOrUpdate(spec("cu").hostname("two").build());
            assertFalse(again.owned());
            assertEquals(made.jid(), again.jid());
            assertEquals("two", made.prison().hostname());
        }
    }

    // ---- probe, sysctl ------------------------------------------------------------------------------

    @Test
    void probeReportsWhatThe132KernelHas() {
        HostCapabilities c = host().capabilities();
        assertEquals("freebsd", c.engine());
        assertEquals("FreeBSD 13.2-RELEASE", c.kernel());
        assertFalse(c.jailDescriptors());
        assertFalse(c.vnet());
        assertEquals(Set.of("devfs"), c.mountTypes());
        assertEquals(41, c.params().size());
        assertTrue(c.params().containsAll(List.of("ip4", "host", "allow.mount", "sysvshm", "allow.mount.devfs")));
        assertFalse(c.params().contains("vnet"));
    }

    @Test
    void sysctlIsTypedByTheKernelsFormat() {
        assertEquals(0, Sysctl.get(host(), Sysctl.SECURITY_JAIL_JAILED));
        assertEquals("13.2-RELEASE", Sysctl.get(host(), "kern.osrelease"));
        JailException e = assertThrows(JailException.class, () -> host().sysctl("kern.nosuch"));
        assertEquals("ENOENT", e.errno());
        JailException node = assertThrows(JailException.class, () -> host().sysctl("security.jail"));
        assertEquals("sysctl: security.jail: EISDIR: a node, not a value", node.getMessage());
    }

    @Test
    void securityJailKnobsAreTypedConstants() {
        assertEquals(999999, Sysctl.get(host(), Sysctl.SECURITY_JAIL_CHILDREN_MAX));
        assertEquals(2, Sysctl.get(host(), Sysctl.SECURITY_JAIL_ENFORCE_STATFS));
        assertEquals(255, Sysctl.get(host(), Sysctl.SECURITY_JAIL_JAIL_MAX_AF_IPS));
        assertEquals(1, Sysctl.get(host(), Sysctl.SECURITY_JAIL_SET_HOSTNAME_ALLOWED));
        assertEquals(0, Sysctl.get(host(), Sysctl.SECURITY_JAIL_MOUNT_DEVFS_ALLOWED));
    }

    @Test
    void aMibReadAsTheWrongTypeSaysWhichTypeTheKernelHas() {
        JailException e = assertThrows(JailException.class,
                () -> Sysctl.get(host(), SysctlMib.string("security.jail.jailed")));
        assertEquals("sysctl: security.jail.jailed: the kernel's value is a Integer, not a String", e.getMessage());
    }

    @Test
    void probeSeesRacctSwitchedOff() {
        assertTrue(host().capabilities().racct());
        model.kernel().racct(false);
        assertFalse(JailHost.withEngine("freebsd").capabilities().racct());
    }

    @Test
    void addressesAreSizedByANullPassThenReadWithSlack(@TempDir Path dir) throws Exception {
        try (Jail j = host().create(spec("a2").set(JailParams.IP4_ADDR, List.of(ip4("10.0.0.1"), ip4("10.0.0.2")))
                .build())) {
            Path trace = dir.resolve("trace.json");
            model.kernel().trace(trace);
            assertEquals(List.of(ip4("10.0.0.1"), ip4("10.0.0.2")), j.prison().ip4());
            model.kernel().traceOff();
            List<String> gets = Files.readAllLines(trace).stream()
                    .filter(l -> l.startsWith("{\"call\":\"jail_get\"")).collect(Collectors.toList());
            // "ip4.addr" in hex, then its value: NULL and 0 bytes first, then 2 + 5 addresses of 4 bytes.
            String name = "{\"len\":9,\"hex\":\"6970342e6164647200\"},";
            assertEquals(2, gets.size(), String.join("\n", gets));
            assertTrue(gets.get(0).contains(name + "{\"len\":0,\"null\":true}"), gets.get(0));
            assertTrue(gets.get(1).contains(name + "{\"len\":28,\"zero\":true}"), gets.get(1));
        }
    }
}
