package org.jail4j.linux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jail4j.JailParams;
import org.junit.jupiter.api.Test;

/**
 * The allow.* switches that hand jailed root one privilege each: set_hostname (on by default,
 * as in FreeBSD), chflags (system flags: the immutable bit), mlock.
 */
class JailedRootIsolationTest extends JailProbeTest {
    private static final Path HOST_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    @Test
    void sethostnameSucceedsByDefaultAndLeavesTheHostsNameAlone() throws IOException {
        String before = Files.readString(HOST_HOSTNAME, UTF_8);
        String line = jails.probe("sethostname", "probe.inside.example");
        String after = Files.readString(HOST_HOSTNAME, UTF_8);
        assertAll(
                () -> assertEquals("OK", line),
                () -> assertEquals(before, after, "the host's hostname"));
    }

    @Test
    void sethostnameFailsWithEpermWithoutAllowSetHostname() {
        assertEquals("DENIED EPERM", jails.probe(s -> s.set(JailParams.ALLOW_SET_HOSTNAME, false),
                "sethostname", "probe.inside.example"));
    }

    @Test
    void theImmutableFlagFailsWithEpermByDefault() throws IOException {
        Files.writeString(jails.root().resolve("root/flagged"), "x");
        assertEquals("DENIED EPERM", jails.probe("chflags", "/root/flagged"));
    }

    @Test
    void theImmutableFlagSucceedsWithAllowChflags() throws IOException {
        Files.writeString(jails.root().resolve("root/flagged"), "x");
        assertEquals("OK", jails.probe(s -> s.set(JailParams.ALLOW_CHFLAGS, true), "chflags", "/root/flagged"));
    }

    @Test
    void mlockFailsWithEpermByDefault() {
        assertEquals("DENIED EPERM", jails.probe("mlock"));
    }

    @Test
    void mlockSucceedsWithAllowMlock() {
        assertEquals("OK", jails.probe(s -> s.set(JailParams.ALLOW_MLOCK, true), "mlock"));
    }
}
