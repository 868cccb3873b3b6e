package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

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

    /**
     * The jail's pid 1 (the engine's keeper) is inside the jail, so jailed root may trace it, as
     * any process of its own jail: it must then hold no capability jailed root is denied, and be
     * under the same seccomp filter, or tracing it would hand those privileges over.
     */
    @Test
    void theJailsInitHoldsNoPrivilegeJailedRootLacks() {
        try (Jail jail = jails.create(s -> { })) {
            Map<String, String> self = status(jail, "self");
            Map<String, String> init = status(jail, "1");
            long beyond = Long.parseUnsignedLong(init.get("CapPrm"), 16)
                    & ~Long.parseUnsignedLong(self.get("CapBnd"), 16);
            assertAll(
                    () -> assertEquals(0L, beyond, () -> "capabilities of pid 1 beyond jailed root's: 0x"
                            + Long.toHexString(beyond)),
                    () -> assertEquals("2", init.get("Seccomp"), "pid 1 runs under a seccomp filter"));
        }
    }

    private static Map<String, String> status(Jail jail, String pid) {
        Map<String, String> fields = new HashMap<>();
        for (String line : ProbeJails.run(jail, ExecSpec.builder("/bin/cat", "/proc/" + pid + "/status")).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return fields;
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
