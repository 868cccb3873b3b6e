package org.jail4j.linux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jail4j.ExecSpec;
import org.jail4j.Jail;
import org.jail4j.JailParams;
import org.jail4j.ffi.linux.ExecPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What exec does beyond the contract both paths share (ExecPathContractTest), on the configured path. */
class LinuxExecTest {
    @RegisterExtension
    final JailFixture jails = JailFixture.forLinux();

    @Test
    void execSeesOnlyTheJailsProcesses() throws Exception {
        Jail jail = jails.create();
        String ps = ExecPathContractTest.output(jail.exec(List.of("/bin/ps", "-e", "-o", "pid=,comm=")));
        List<String> lines = ps.lines().map(String::strip).toList();
        assertEquals("1", lines.get(0).split("\\s+")[0], ps);
        assertTrue(lines.size() <= 3, ps);
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(" ps")), ps);
    }

    @Test
    void loginGivesTheUsersHomeAndACleanEnvironment() throws Exception {
        Jail jail = jails.create();
        Process p = jail.exec(ExecSpec.builder("/bin/sh", "-c", "pwd; echo $HOME $USER").login(true).build());
        assertEquals("/root\n/root root", ExecPathContractTest.output(p));
    }

    @Test
    void underAutoAnUnknownUserIsTheLaunchersSetupFailure() throws Exception {
        Jail jail = ((LinuxJail) jails.create()).execPath(ExecPath.AUTO);
        Process p = jail.exec(ExecSpec.builder("/bin/true").user("nosuchuser").build());
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(Launcher.EXIT_SETUP, p.exitValue(), err);
        assertTrue(err.startsWith("jail4j-launcher: "), err);
        assertTrue(err.contains("nosuchuser"), err);
    }

    @Test
    void rootOfTheThinWorldIsTheJailsOwn() throws Exception {
        Jail jail = jails.create();
        String ls = ExecPathContractTest.output(jail.exec(List.of("/bin/ls", "/")));
        List<String> entries = ls.lines().toList();
        assertTrue(entries.containsAll(List.of("bin", "etc", "tmp", "usr", "var", "root", "proc", "dev")), ls);
        assertFalse(entries.contains("work"), ls);
        Process touch = jail.exec(List.of("/bin/touch", "/usr/jail4j-written"));
        touch.getOutputStream().close();
        assertEquals(1, touch.waitFor(), "the host's /usr is read-only inside");
    }

    @Test
    void mountIsRefusedWithoutAllowMount() throws Exception {
        Jail jail = jails.create();
        Process p = jail.exec(ExecSpec.builder("/bin/mount", "-t", "tmpfs", "tmpfs", "/tmp").redirectErrorStream(true)
                .build());
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(p.exitValue() != 0, out);
        assertFalse(jail.prison().get(JailParams.ALLOW_MOUNT));
    }

    @Test
    void allowSetHostnameDecidesWhetherTheJailMayRenameItselfAndJailGetSeesTheNewName() throws Exception {
        Jail jail = jails.create(s -> s.hostname("fixed").set(JailParams.ALLOW_SET_HOSTNAME, false));
        Process refused = jail.exec(ExecSpec.builder("/bin/hostname", "renamed").redirectErrorStream(true).build());
        refused.getOutputStream().close();
        String said = new String(refused.getInputStream().readAllBytes(), UTF_8);
        assertTrue(refused.waitFor(30, TimeUnit.SECONDS));
        assertTrue(refused.exitValue() != 0, said);
        assertEquals("fixed", jail.prison().hostname());
        jail.update(JailParams.builder().set(JailParams.ALLOW_SET_HOSTNAME, true).build());
        ExecPathContractTest.output(jail.exec(List.of("/bin/hostname", "renamed")));
        assertEquals("renamed", jail.prison().hostname());
    }

    @org.junit.jupiter.api.AfterAll
    static void hostKeepsNothing() {
        JailFixture.assertHostClean();
    }
}
