package org.jail4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
    void jlsVerboseListsAJailOfTheLinuxEngineWithoutACpuset() throws Exception {
        assumeTrue(Os.isLinux(), "needs Linux namespaces");
        assertEquals(0, JailCommand.run(new String[] {"-c", "name=" + name, "host.hostname=" + name, "persist",
            "ip4.addr=127.0.1.32"}));
        int jid = JailHost.local().find(name).orElseThrow().jid();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = new Jls(JailHost.local(), new PrintStream(out, true, UTF_8),
                new PrintStream(err, true, UTF_8)).run(new String[] {"-v", "-j", name});

        assertEquals(0, status, err.toString(UTF_8));
        assertEquals(String.format("%6d  %-29s %s%n", jid, name, JailHost.local().find(name).orElseThrow().path())
                + String.format("        %-29s ACTIVE%n", name) + "        -\n        127.0.1.32\n",
                out.toString(UTF_8).lines().skip(4).map(l -> l + "\n").reduce("", String::concat));
    }
}
