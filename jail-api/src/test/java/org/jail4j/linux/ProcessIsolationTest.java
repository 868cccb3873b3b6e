package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jail4j.ExecSpec;
import org.jail4j.Jail;
import org.junit.jupiter.api.Test;

/** A jailed process cannot see, signal or trace a host process (FreeBSD: PRIV_SEEJAILPROC filtering). */
class ProcessIsolationTest extends JailProbeTest {
    @Test
    void procListsOnlyTheJailsInitAndTheProbe() {
        try (HostProcess host = HostProcess.start(dir)) {
            assertEquals("PIDS 2 HIDDEN", jails.probe("procs", Long.toString(host.pid())));
        }
    }

    @Test
    void psInsideShowsNoHostProcess() {
        try (HostProcess host = HostProcess.start(dir); Jail jail = jails.create(s -> { })) {
            String ps = ProbeJails.run(jail, ExecSpec.builder("/bin/ps", "-o", "pid,args"));
            assertAll(
                    () -> assertTrue(ps.contains("/bin/ps"), () -> "ps lists itself: " + ps),
                    () -> assertFalse(ps.contains(host.argument()), () -> "ps shows the host's sleep: " + ps));
        }
    }

    @Test
    void killOfAHostProcessFailsWithEsrch() {
        try (HostProcess host = HostProcess.start(dir)) {
            assertEquals("DENIED ESRCH", jails.probe("kill", Long.toString(host.pid())));
        }
    }

    @Test
    void ptraceOfAHostProcessFailsWithEsrch() {
        try (HostProcess host = HostProcess.start(dir)) {
            assertEquals("DENIED ESRCH", jails.probe("ptrace", Long.toString(host.pid())));
            assertTrue(host.isAlive(), "the host process survived");
        }
    }
}
