package org.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.util.List;

import org.jail4j.JailHost;
import org.jail4j.JailParams;
import org.jail4j.Prison;
import org.jail4j.ffi.Os;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JailCommandTest {
    private final String name = "jc" + ProcessHandle.current().pid();

    @AfterEach
    void removeWhatTheTestMade() {
        if (Os.isLinux() && JailHost.local().findIncludingDying(name).isPresent()) {
            JailHost.local().remove(name);
        }
    }

    @Test
    void createModifyAndRemoveWithJail8Syntax() throws Exception {
        assumeTrue(Os.isLinux(), "needs Linux namespaces");
        assertEquals(0, JailCommand.run(new String[] {"-c", "name=" + name, "host.hostname=" + name, "persist",
            "allow.noset_hostname", "ip4.addr=127.0.1.30,127.0.1.31"}));
        Prison p = JailHost.local().find(name).orElseThrow();
        assertEquals(name, p.hostname());
        assertTrue(p.persist());
        assertFalse(p.get(JailParams.ALLOW_SET_HOSTNAME));
        assertEquals(List.of(InetAddress.getByName("127.0.1.30"), InetAddress.getByName("127.0.1.31")), p.ip4());
        assertEquals(0, JailCommand.run(new String[] {"-m", "name=" + name, "host.hostname=changed.example"}));
        assertEquals("changed.example", JailHost.local().find(name).orElseThrow().hostname());
        assertEquals(1, JailCommand.run(new String[] {"-c", "name=" + name, "persist"}), "the name is taken");
        assertEquals(0, JailCommand.run(new String[] {"-r", name}));
        assertTrue(JailHost.local().findIncludingDying(name).isEmpty());
        assertEquals(1, JailCommand.run(new String[] {"-r", name}), "already gone");
    }

    @Test
    void usageErrorsAreRefusedWithStatus64() throws Exception {
        assertEquals(64, JailCommand.run(new String[] {"-c", "-r", "x"}));
        assertEquals(64, JailCommand.run(new String[] {"-c", "persist"}));
        assertEquals(64, JailCommand.run(new String[] {"-z"}));
    }

    @Test
    void jlsTableHasJlsDefaultColumns() {
        Prison p = new Prison(7, "www", JailParams.builder().set(JailParams.HOST_HOSTNAME, "www.homenet.net")
                .set(JailParams.PATH, "/jails/www").setText("ip4.addr", "127.0.1.10").build());
        assertEquals("   JID  IP Address      Hostname                      Path\n"
                + "     7  127.0.1.10      www.homenet.net               /jails/www", JlsTable.format(List.of(p)));
    }
}
