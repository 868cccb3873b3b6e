package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.jail4j.JailParams;
import org.jail4j.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A non-vnet jail cannot change the network (PRIV_NET_*: addresses, routes, interface flags),
 * opens raw sockets only with allow.raw_sockets, and socket families other than UNIX, INET,
 * INET6 and NETLINK only with allow.socket_af (EAFNOSUPPORT otherwise, as prison_check_af).
 */
class NetworkIsolationTest extends JailProbeTest {
    /** An internal jail's address (127.0.0.0/8, on the jail's own loopback). */
    private static final String LOOPBACK = "127.0.1.10";

    @Test
    void addingAnAddressFailsWithEpermInAJailOnTheHostNetwork() {
        assertEquals("DENIED EPERM", jails.probe(s -> s.network(Network.inherit()), "addr-add", "lo"));
    }

    @Test
    void addingAnAddressFailsWithEpermInALoopbackJail() {
        assertEquals("DENIED EPERM", jails.probe(s -> s.network(Network.loopback(LOOPBACK)), "addr-add", "lo"));
    }

    @Test
    void addingARouteFailsWithEperm() {
        assertEquals("DENIED EPERM", jails.probe(s -> s.network(Network.inherit()), "route-add", "lo"));
    }

    @Test
    void bringingAnInterfaceDownFailsWithEperm() {
        assertEquals("DENIED EPERM", jails.probe(s -> s.network(Network.inherit()), "if-down", "lo"));
    }

    @Test
    void rawSocketFailsWithEpermByDefault() {
        assertEquals("DENIED EPERM", jails.probe(s -> s.network(Network.loopback(LOOPBACK)), "raw-socket"));
    }

    @Test
    void rawSocketSucceedsWithAllowRawSockets() {
        assertEquals("OK", jails.probe(s -> s.network(Network.loopback(LOOPBACK))
                .set(JailParams.ALLOW_RAW_SOCKETS, true), "raw-socket"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix", "inet", "inet6", "netlink"})
    void theFourStandardFamiliesAreAllowed(String family) {
        assertEquals("OK", jails.probe(s -> s.network(Network.inherit()), "socket", family));
    }

    @Test
    void inetSocketFailsWithEafnosupportWhenIp4IsDisabled() {
        assertEquals("DENIED EAFNOSUPPORT", jails.probe(s -> s.network(Network.disabled()), "socket", "inet"));
    }

    @Test
    void packetSocketFailsWithEafnosupport() {
        assertEquals("DENIED EAFNOSUPPORT", jails.probe(s -> s.network(Network.inherit()), "socket", "packet"));
    }

    @Test
    void anotherFamilyFailsWithEafnosupportByDefault() {
        assertEquals("DENIED EAFNOSUPPORT", jails.probe(s -> s.network(Network.inherit()), "socket", "vsock"));
    }

    @Test
    void anotherFamilySucceedsWithAllowSocketAf() {
        assumeTrue("OK".equals(ProbeJails.onHost("socket", "vsock")),
                "this kernel has no AF_VSOCK even outside a jail, so it cannot show allow.socket_af");
        assertEquals("OK", jails.probe(s -> s.network(Network.inherit()).set(JailParams.ALLOW_SOCKET_AF, true),
                "socket", "vsock"));
    }
}
