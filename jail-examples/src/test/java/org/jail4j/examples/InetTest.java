package org.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class InetTest {
    private static String ntop(String literal) throws Exception {
        return Inet.ntop(InetAddress.getByName(literal));
    }

    @Test
    void ipv6IsCompressedAsInetNtopDoes() throws Exception {
        assertEquals("::1", ntop("0:0:0:0:0:0:0:1"));
        assertEquals("fe80::1:2", ntop("fe80:0:0:0:0:0:1:2"));
        assertEquals("2001:db8::", ntop("2001:db8:0:0:0:0:0:0"));
        assertEquals("2001:db8:0:1:1:1:1:1", ntop("2001:db8:0:1:1:1:1:1"));
        assertEquals("1:0:0:2::3", ntop("1:0:0:2:0:0:0:3"));
    }

    @Test
    void embeddedIpv4IsDotted() throws Exception {
        assertEquals("::10.0.0.1", ntop("::10.0.0.1"));
    }

    @Test
    void ipv4IsDotted() throws Exception {
        assertEquals("10.1.2.3", ntop("10.1.2.3"));
    }
}
