package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.jail4j.ExecSpec;
import org.jail4j.Jail;
import org.jail4j.JailException;
import org.jail4j.JailParams;
import org.jail4j.ffi.linux.ExecPath;
import org.jail4j.ffi.linux.SpawnedProcess;
import org.junit.jupiter.api.Test;

/** The exec contract on the keeper's fast path, plus what only that path does. */
class FastPathExecTest extends ExecPathContractTest {
    @Override
    ExecPath path() {
        return ExecPath.FASTPATH;
    }

    @Test
    void theKeeperForksTheCommand() throws Exception {
        Process p = jail().exec(List.of("/bin/true"));
        assertInstanceOf(SpawnedProcess.class, p);
        assertEquals(0, p.waitFor());
    }

    @Test
    void aMissingCommandIsTheKeepersErrorNamingTheJailStepAndErrno() {
        Jail jail = jail();
        JailException e = assertThrows(JailException.class, () -> jail.exec(List.of("/no/such/command")));
        assertEquals("ENOENT", e.errno());
        assertEquals("exec", e.call());
        assertEquals(jail.name(), e.jail());
        assertEquals("exec: /no/such/command", e.kernelMessage());
    }

    @Test
    void aUserTheJailsPasswdLacksIsRefusedBeforeAnythingRuns() {
        Jail jail = jail();
        JailException e = assertThrows(JailException.class,
                () -> jail.exec(ExecSpec.builder("/bin/true").user("nosuchuser").build()));
        assertEquals("ENOENT", e.errno());
        assertEquals("jail4j.exec.path=fastpath: user: no user nosuchuser in the jail's /etc/passwd",
                e.kernelMessage());
    }

    @Test
    void restrictionsChangedSinceTheKeeperStartedAreRefusedNotWeakened() {
        Jail jail = jail();
        jail.update(JailParams.builder().set(JailParams.ALLOW_SET_HOSTNAME, false).build());
        JailException e = assertThrows(JailException.class, () -> jail.exec(List.of("/bin/true")));
        assertEquals("EOPNOTSUPP", e.errno());
        assertEquals("jail4j.exec.path=fastpath: the jail's restrictions changed since its keeper started",
                e.kernelMessage());
    }

    @Test
    void autoFallsBackToTheLauncherWhereTheFastPathWouldDiffer() throws Exception {
        LinuxJail jail = (LinuxJail) jails.create();
        jail.execPath(ExecPath.AUTO);
        assertInstanceOf(SpawnedProcess.class, jail.exec(List.of("/bin/true")));
        jail.update(JailParams.builder().set(JailParams.ALLOW_SET_HOSTNAME, false).build());
        Process p = jail.exec(List.of("/bin/true"));
        assertFalse(p instanceof SpawnedProcess);
        assertEquals(0, p.waitFor());
    }
}
