package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jail4j.InvalidParamException;
import org.jail4j.Jail;
import org.jail4j.JailException;
import org.jail4j.JailExistsException;
import org.jail4j.JailParams;
import org.jail4j.JailSpec;
import org.jail4j.JailSys;
import org.jail4j.Network;
import org.jail4j.NoSuchJailException;
import org.jail4j.Prison;
import org.jail4j.World;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LinuxLifecycleTest {
    @RegisterExtension
    final JailFixture jails = JailFixture.forLinux();

    @Test
    void createdJailIsFoundByNameAndJidAndListed() {
        Jail jail = jails.create(s -> s.hostname("w1.example"));
        Prison byName = jails.host().find(jail.name()).orElseThrow();
        Prison byJid = jails.host().find(jail.jid()).orElseThrow();
        assertAll(
                () -> assertEquals(jail.jid(), byName.jid()),
                () -> assertEquals(jail.name(), byJid.name()),
                () -> assertEquals("w1.example", byName.hostname()),
                () -> assertTrue(byName.persist()),
                () -> assertFalse(byName.dying()),
                () -> assertTrue(jails.host().list().anyMatch(p -> p.jid() == jail.jid())));
    }

    @Test
    void prisonReportsEveryParameterAsFreeBsdWould() {
        Jail jail = jails.create();
        Prison p = jail.prison();
        assertAll(
                () -> assertEquals(-1, p.get(JailParams.SECURELEVEL)),
                () -> assertEquals(2, p.get(JailParams.ENFORCE_STATFS)),
                () -> assertEquals(0, p.get(JailParams.CHILDREN_MAX)),
                () -> assertEquals(0, p.get(JailParams.CHILDREN_CUR)),
                () -> assertEquals(0, p.get(JailParams.PARENT)),
                () -> assertEquals(System.getProperty("os.version"), p.get(JailParams.OSRELEASE)),
                () -> assertEquals(JailSys.NEW, p.get(JailParams.HOST)),
                () -> assertEquals(JailSys.DISABLE, p.get(JailParams.IP4)),
                () -> assertEquals(List.of(), p.get(JailParams.IP4_ADDR)),
                () -> assertTrue(p.get(JailParams.ALLOW_SET_HOSTNAME)),
                () -> assertFalse(p.get(JailParams.ALLOW_MOUNT)),
                () -> assertEquals(JailSys.DISABLE, p.get(JailParams.SYSVSHM)),
                () -> assertEquals(StateDir.fromSystem().root(jail.jid()).toString(), p.path()),
                () -> assertTrue(p.find(JailParams.LINUX_OSRELEASE).isEmpty(), "linux.* belongs to FreeBSD's linux.ko"));
    }

    @Test
    void listIsInJidOrder() {
        Jail a = jails.create();
        Jail b = jails.create();
        Jail c = jails.create();
        List<Integer> ours = jails.host().list().map(Prison::jid)
                .filter(j -> j == a.jid() || j == b.jid() || j == c.jid()).toList();
        assertEquals(List.of(a.jid(), b.jid(), c.jid()), ours);
        assertTrue(a.jid() < b.jid() && b.jid() < c.jid());
    }

    @Test
    void updateChangesTheRunningHostnameAndTheStoredParameters() throws Exception {
        Jail jail = jails.create(s -> s.hostname("before"));
        Prison p = jails.host().update(jail.name(), JailParams.builder()
                .set(JailParams.HOST_HOSTNAME, "after.example").set(JailParams.SECURELEVEL, 3).build());
        assertEquals("after.example", p.hostname());
        assertEquals(3, p.get(JailParams.SECURELEVEL));
        assertEquals("after.example", ExecPathContractTest.output(jail.exec(List.of("/bin/hostname"))));
    }

    @Test
    void updateRefusesACreateOnlyParameterWithTheKernelsMessage() {
        Jail jail = jails.create();
        InvalidParamException e = assertThrows(InvalidParamException.class, () -> jail.update(
                JailParams.builder().set(JailParams.PATH, "/").build()));
        assertEquals("jail_set " + jail.jid() + ": path: EINVAL: path cannot be changed after creation",
                e.getMessage());
    }

    @Test
    void removeEndsTheJailAndItsKeeper() {
        Jail jail = jails.create();
        String name = jail.name();
        jails.host().remove(name);
        assertAll(
                () -> assertTrue(jails.host().findIncludingDying(name).isEmpty()),
                () -> assertFalse(jail.isAlive()),
                () -> assertEquals(List.of(), JailFixture.keepersNamed(List.of(name))),
                () -> assertEquals(List.of(), JailFixture.stateEntries()));
    }

    @Test
    void closingAnOwningHandleRemovesTheJailAndAnOpenedOneDoesNot() {
        Jail jail = jails.create();
        try (Jail other = jails.host().open(jail.name())) {
            assertFalse(other.owned());
        }
        assertTrue(jail.isAlive());
        jail.close();
        jail.close();
        assertTrue(jails.host().find(jail.name()).isEmpty());
    }

    @Test
    void secondJailWithTheSameNameIsRefusedWithEexist() {
        Jail jail = jails.create();
        JailSpec again = JailSpec.builder(jail.name()).world(World.thin()).persist(true).build();
        JailExistsException e = assertThrows(JailExistsException.class, () -> jails.host().create(again));
        assertEquals("jail_set " + jail.name() + ": EEXIST: jail \"" + jail.name() + "\" already exists",
                e.getMessage());
    }

    @Test
    void aTakenJidIsRefusedWithEexist() {
        Jail jail = jails.create();
        JailException e = assertThrows(JailExistsException.class,
                () -> jails.create(s -> s.jid(jail.jid())));
        assertEquals("EEXIST", e.errno());
        assertEquals("jail " + jail.jid() + " already exists", e.kernelMessage());
    }

    @Test
    void jidsRiseAcrossRemovals() {
        Jail a = jails.create();
        int first = a.jid();
        a.close();
        Jail b = jails.create();
        assertTrue(b.jid() > first, b.jid() + " after " + first);
    }

    @Test
    void hierarchicalNameNeedsItsParent() {
        String orphan = jails.name() + ".child";
        NoSuchJailException e = assertThrows(NoSuchJailException.class, () -> jails.host().create(
                JailSpec.builder(orphan).world(World.thin()).persist(true).build()));
        assertEquals("jail \"" + orphan.substring(0, orphan.lastIndexOf('.')) + "\" not found", e.kernelMessage());
    }

    @Test
    void childJailCountsInItsParentAndGoesWithIt() {
        Jail parent = jails.create(s -> s.set(JailParams.CHILDREN_MAX, 1));
        Jail child = jails.track(jails.host().create(JailSpec.builder(parent.name() + ".c")
                .world(World.thin()).persist(true).build()));
        assertEquals(parent.jid(), child.prison().get(JailParams.PARENT));
        assertEquals(1, parent.prison().get(JailParams.CHILDREN_CUR));
        parent.remove();
        assertTrue(jails.host().find(child.name()).isEmpty());
    }

    @Test
    void unknownJailsAreReportedAsFreeBsdDoes() {
        assertAll(
                () -> assertEquals("jail_remove nosuch-jail: ENOENT: jail \"nosuch-jail\" not found",
                        assertThrows(NoSuchJailException.class, () -> jails.host().remove("nosuch-jail"))
                                .getMessage()),
                () -> assertEquals("jail_set 4242: ENOENT: jail 4242 not found",
                        assertThrows(NoSuchJailException.class, () -> jails.host().update("4242",
                                JailParams.builder().set(JailParams.HOST_HOSTNAME, "x").build())).getMessage()),
                () -> assertTrue(jails.host().find(4242).isEmpty()),
                () -> assertTrue(jails.host().find("nosuch-jail").isEmpty()));
    }

    @Test
    void aMissingPathFailsTheCreateAndLeavesNothing() {
        String name = jails.name();
        JailException e = assertThrows(JailException.class, () -> jails.host().create(JailSpec.builder(name)
                .path(Path.of("/nonexistent/jail4j")).persist(true).build()));
        assertEquals("jail_set " + name + ": path: ENOENT: no such directory: /nonexistent/jail4j", e.getMessage());
        assertEquals(List.of(), JailFixture.stateEntries());
    }

    @Test
    void aFailingKeeperStepNamesTheJailAndStepAndLeavesNothing() throws Exception {
        Path empty = Files.createTempDirectory("jail4j-empty");
        try {
            Path file = Files.writeString(empty.resolve("file"), "x");
            String name = jails.name();
            JailException e = assertThrows(JailException.class, () -> jails.host().create(JailSpec.builder(name)
                    .path(file).persist(true).build()));
            assertEquals("jail_set " + name + ": path: ENOTDIR: not a directory: " + file, e.getMessage());
            Files.delete(file);
            Files.writeString(empty.resolve("proc"), "not a directory");
            JailException k = assertThrows(JailException.class, () -> jails.host().create(JailSpec.builder(name)
                    .path(empty).persist(true).build()));
            assertEquals("keeper " + name + ": ENOTDIR: mount: proc on /proc (proc)", k.getMessage());
            try (var s = Files.list(empty)) {
                assertEquals(List.of("proc"), s.map(p -> p.getFileName().toString()).toList(),
                        "the dev mount point made for the keeper is undone");
            }
            assertEquals(List.of(), JailFixture.stateEntries());
            assertEquals(List.of(), JailFixture.keepersNamed(List.of(name)));
        } finally {
            try (var s = Files.walk(empty)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void thinWorldAtAGivenPathLeavesThatDirectoryAsItWas() throws Exception {
        Path dir = Files.createTempDirectory("jail4j-thin");
        try {
            Files.writeString(dir.resolve("mine"), "kept");
            Jail jail = jails.create(s -> s.path(dir));
            assertEquals("kept", ExecPathContractTest.output(jail.exec(List.of("/bin/cat", "/mine"))));
            assertTrue(Files.isDirectory(dir.resolve("etc")));
            jail.close();
            try (var s = Files.list(dir)) {
                assertEquals(List.of("mine"), s.map(p -> p.getFileName().toString()).toList());
            }
        } finally {
            Files.deleteIfExists(dir.resolve("mine"));
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void jailWithoutPathOrWorldIsRootedAtTheHostsRootAsOnFreeBsd() throws Exception {
        Jail jail = jails.track(jails.host().create(JailSpec.builder(jails.name()).persist(true).build()));
        assertEquals("/", jail.prison().path());
        String inside = ExecPathContractTest.output(jail.exec(List.of("/bin/ls", "-A", "/work")));
        try (var s = Files.list(Path.of("/work"))) {
            assertEquals(s.map(p -> p.getFileName().toString()).sorted().toList(), inside.lines().sorted().toList());
        }
        assertEquals("1", ExecPathContractTest.output(jail.exec(List.of("/bin/sh", "-c", "ps -e -o pid= | head -1")))
                .strip());
    }

    @Test
    void aHostnameLongerThanLinuxAllowsIsRefusedBeforeAnythingChanges() {
        String name = jails.name();
        InvalidParamException e = assertThrows(InvalidParamException.class, () -> jails.host().create(
                JailSpec.builder(name).hostname("h".repeat(65)).persist(true).build()));
        assertEquals("create " + name + ": host.hostname: ENAMETOOLONG: Linux allows at most 64 bytes, got 65",
                e.getMessage());
        assertEquals(List.of(), JailFixture.stateEntries());
    }

    @Test
    void theRecordNamesTheKeeperWithItsStartTimeAndItsControlSocket() {
        Jail jail = jails.create();
        JailRecord r = StateDir.fromSystem().read(jail.jid()).orElseThrow();
        assertAll(
                () -> assertEquals(JailRecord.State.ALIVE, r.state()),
                () -> assertTrue(r.keeper().alive()),
                () -> assertEquals(ProcessIdentity.of(r.keeper().pid()).orElseThrow(), r.keeper()),
                () -> assertEquals(ProcessIdentity.self(), r.owner()),
                () -> assertTrue(Files.exists(Path.of(r.control())), r.control()),
                () -> assertEquals(jail.name(), r.name()));
    }

    @Test
    void disabledNetworkLeavesOnlyLoopbackInAnEmptyNamespace() throws Exception {
        Jail jail = jails.create(s -> s.network(Network.disabled()));
        assertEquals(List.of(), jail.prison().ip4());
        String links = ExecPathContractTest.output(jail.exec(List.of("/usr/sbin/ip", "-o", "link", "show")));
        assertEquals(1, links.lines().count(), links);
        assertTrue(links.contains(": lo:"), links);
        String netns = ExecPathContractTest.output(jail.exec(List.of("/bin/readlink", "/proc/1/ns/net")));
        assertFalse(netns.equals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString()), netns);
    }

    @Test
    void concurrentCreatesGetDistinctJids() throws Exception {
        List<java.util.concurrent.Future<Jail>> made = new java.util.ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                JailSpec spec = jails.spec().build();
                made.add(pool.submit(() -> jails.host().create(spec)));
            }
            List<Integer> jids = new java.util.ArrayList<>();
            for (var f : made) {
                jids.add(jails.track(f.get()).jid());
            }
            assertEquals(4, jids.stream().distinct().count(), jids.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void loopbackJailHoldsItsAddressAndNothingElse() throws Exception {
        Jail jail = jails.create(s -> s.network(Network.loopback("127.0.1.10")));
        Prison p = jail.prison();
        assertEquals(List.of(InetAddress.getByName("127.0.1.10")), p.ip4());
        String addrs = ExecPathContractTest.output(jail.exec(List.of("/usr/sbin/ip", "-o", "-4", "addr", "show")));
        assertTrue(addrs.contains("127.0.1.10/32"), addrs);
        String links = ExecPathContractTest.output(jail.exec(List.of("/usr/sbin/ip", "-o", "link", "show")));
        assertEquals(1, links.lines().count(), links);
    }

    @Test
    void updateMovesALoopbackJailToItsNewAddresses() throws Exception {
        Jail jail = jails.create(s -> s.network(Network.loopback("127.0.1.20")));
        Prison p = jail.update(JailParams.builder().setText("ip4.addr", "127.0.1.21,127.0.1.22").build());
        assertEquals(List.of(InetAddress.getByName("127.0.1.21"), InetAddress.getByName("127.0.1.22")), p.ip4());
        String addrs = ExecPathContractTest.output(jail.exec(List.of("/usr/sbin/ip", "-o", "-4", "addr", "show")));
        assertAll(
                () -> assertFalse(addrs.contains("127.0.1.20/32"), addrs),
                () -> assertTrue(addrs.contains("127.0.1.21/32"), addrs),
                () -> assertTrue(addrs.contains("127.0.1.22/32"), addrs));
        InvalidParamException e = assertThrows(InvalidParamException.class, () -> jail.update(
                JailParams.builder().setText("ip4.addr", "192.0.2.1").build()));
        assertEquals("jail_set " + jail.jid() + ": ip4.addr: EOPNOTSUPP: the linux engine holds only loopback "
                + "addresses (no veth yet), not 192.0.2.1", e.getMessage());
    }

    @Test
    void loopbackJailMayNameTheAddressLoAlreadyHas() throws Exception {
        Jail jail = jails.create(s -> s.network(Network.loopback("127.0.0.1")));
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), jail.prison().ip4());
        String addrs = ExecPathContractTest.output(jail.exec(List.of("/usr/sbin/ip", "-o", "-4", "addr", "show")));
        assertEquals(1, addrs.lines().count(), addrs);
    }

    @Test
    void inheritedNetworkSharesTheHostsInterfaces() throws Exception {
        Jail jail = jails.create(s -> s.network(Network.inherit()));
        String inside = ExecPathContractTest.output(jail.exec(List.of("/bin/readlink", "/proc/1/ns/net")));
        assertEquals(JailSys.INHERIT, jail.prison().get(JailParams.IP4));
        assertEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString(), inside);
    }

    @Test
    void probeNamesWhatLinuxOnlyStores() {
        var caps = jails.host().capabilities();
        assertEquals("linux", caps.engine());
        assertTrue(caps.unsupported().containsKey("securelevel"));
        assertTrue(caps.unsupported().containsKey("allow.quotas"));
        assertFalse(caps.unsupported().containsKey("allow.raw_sockets"));
        assertTrue(caps.unsupported().get("enforce_statfs").contains("/proc/self/mountinfo names the host directory"),
                "the one visible trace of the host in a jail's mount listing is said, not hidden");
        assertTrue(caps.params().contains("host.hostname"));
        assertFalse(caps.params().contains("linux.osrelease"));
    }

    @org.junit.jupiter.api.AfterAll
    static void hostKeepsNothing() {
        JailFixture.assertHostClean();
    }
}
