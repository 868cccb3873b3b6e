package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jail4j.Jail;
import org.junit.jupiter.api.Test;

/**
 * Files outside the jail's path are out of reach, whichever way a process climbs: by name, by
 * "..", through /proc magic links, or out of a chroot of its own.
 */
class FileIsolationTest extends JailProbeTest {
    @Test
    void aFileInsideTheJailIsReadable() {
        assertEquals("OK", jails.probe("open", "/etc/passwd"));
    }

    @Test
    void aHostFileIsNotFoundByItsAbsolutePath() {
        assertEquals("DENIED ENOENT", jails.probe("open", jails.marker().toString()));
    }

    @Test
    void dotDotFromTheRootStaysAtTheJailRoot() {
        try (Jail jail = jails.create(s -> { })) {
            assertAll(
                    () -> assertEquals("OK", ProbeJails.probe(jail, "climb", "/etc/passwd")),
                    () -> assertEquals("DENIED ENOENT", ProbeJails.probe(jail, "climb", jails.marker().toString())));
        }
    }

    @Test
    void theRootOfTheJailsInitLeadsNowhereOutside() {
        assertEquals("DENIED ENOENT", jails.probe("proc-root", "1", jails.marker().toString()));
    }

    @Test
    void theCwdOfTheJailsInitLeadsNowhereOutside() {
        assertEquals("DENIED ENOENT", jails.probe("proc-cwd", "1", jails.marker().toString()));
    }

    @Test
    void theCwdOfAHostProcessIsUnreachable() {
        try (HostProcess host = HostProcess.start(dir)) {
            String pid = Long.toString(host.pid());
            assertEquals("DENIED ENOENT", jails.probe("proc-cwd", pid, jails.marker().toString()));
        }
    }

    @Test
    void theClassicChrootEscapeEndsAtTheJailRoot() {
        assertEquals("DENIED ENOENT", jails.probe("chroot-escape", jails.marker().toString()));
    }

    @Test
    void aDirectoryKeptOpenAcrossChrootEndsAtTheJailRoot() {
        assertEquals("DENIED ENOENT", jails.probe("fd-escape", jails.marker().toString()));
    }
}
