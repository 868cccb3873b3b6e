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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LinuxExecTest {
    @RegisterExtension
    final JailFixture jails = JailFixture.forLinux();

    /** The process's stdout, stripped, once it has ended with status 0. */
    static String output(Process p) throws IOException, InterruptedException {
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "process still running");
        assertEquals(0, p.exitValue(), "exit status; stderr: " + err);
        return out;
    }

    @Test
    void execSeesTheJailHostname() throws Exception {
        Jail jail = jails.create(s -> s.hostname("t1.example"));
        assertEquals("t1.example", output(jail.exec(List.of("/bin/hostname"))));
    }

    @Test
    void execSeesOnlyTheJailsProcesses() throws Exception {
        Jail jail = jails.create();
        String ps = output(jail.exec(List.of("/bin/ps", "-e", "-o", "pid=,comm=")));
        List<String> lines = ps.lines().map(String::strip).toList();
        assertEquals("1", lines.get(0).split("\\s+")[0], ps);
        assertTrue(lines.size() <= 3, ps);
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(" ps")), ps);
    }

    @Test
    void execRunsInTheGivenDirectoryAsTheGivenUser() throws Exception {
        Jail jail = jails.create();
        Process p = jail.exec(ExecSpec.builder("/bin/sh", "-c", "pwd; id -u; id -g; echo $HOME")
                .directory("/tmp").user("nobody").build());
        assertEquals("/tmp\n65534\n65534\n/nonexistent", output(p));
    }

    @Test
    void execPassesExactlyTheGivenEnvironment() throws Exception {
        Jail jail = jails.create();
        Process p = jail.exec(ExecSpec.builder("/usr/bin/env").environment(Map.of("FOO", "bar baz")).build());
        assertEquals("FOO=bar baz", output(p));
    }

    @Test
    void execDefaultEnvironmentIsCleanNotTheJvms() throws Exception {
        Jail jail = jails.create();
        String env = output(jail.exec(List.of("/usr/bin/env")));
        assertAll(
                () -> assertTrue(env.contains("HOME=/root"), env),
                () -> assertTrue(env.contains("PATH=/sbin:/bin:/usr/sbin:/usr/bin"), env),
                () -> assertFalse(env.contains("JAVA_HOME"), env),
                () -> assertFalse(env.contains("MAVEN"), env));
    }

    @Test
    void loginGivesTheUsersHomeAndACleanEnvironment() throws Exception {
        Jail jail = jails.create();
        Process p = jail.exec(ExecSpec.builder("/bin/sh", "-c", "pwd; echo $HOME $USER").login(true).build());
        assertEquals("/root\n/root root", output(p));
    }

    @Test
    void anUnknownUserIsTheLaunchersSetupFailure() throws Exception {
        Jail jail = jails.create();
        Process p = jail.exec(ExecSpec.builder("/bin/true").user("nosuchuser").build());
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(Launcher.EXIT_SETUP, p.exitValue(), err);
        assertTrue(err.startsWith("jail4j-launcher: "), err);
        assertTrue(err.contains("nosuchuser"), err);
    }

    @Test
    void execPassesTheExitStatusThrough() throws Exception {
        Jail jail = jails.create();
        Process p = jail.exec(List.of("/bin/sh", "-c", "exit 7"));
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(7, p.exitValue());
    }

    @Test
    void stdinReachesTheCommandAndStdoutComesBack() throws Exception {
        Jail jail = jails.create();
        Process p = jail.exec(List.of("/bin/cat"));
        try (OutputStream in = p.getOutputStream()) {
            in.write("through the jail\n".getBytes(UTF_8));
        }
        assertEquals("through the jail", new String(p.getInputStream().readAllBytes(), UTF_8).strip());
        assertEquals(0, p.waitFor());
    }

    /** destroy() is SIGTERM, forwarded by the launcher; destroyForcibly() kills it, and PDEATHSIG the command. */
    @org.junit.jupiter.params.ParameterizedTest(name = "forcibly={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void destroyReachesTheJailedProcess(boolean forcibly) throws Exception {
        Jail jail = jails.create();
        Process p = jail.exec(ExecSpec.builder("/bin/sh", "-c", "echo started; exec sleep 1000").build());
        assertEquals("started", new String(p.getInputStream().readNBytes(8), UTF_8).strip());
        if (forcibly) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(128 + (forcibly ? 9 : 15), p.exitValue());
        assertTrue(JailFixture.await(() -> countSleeps(jail) == 0, 30), "sleep still runs in the jail");
    }

    private static long countSleeps(Jail jail) {
        try {
            return output(jail.exec(List.of("/bin/ps", "-e", "-o", "comm="))).lines()
                    .filter(l -> l.strip().equals("sleep")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void rootOfTheThinWorldIsTheJailsOwn() throws Exception {
        Jail jail = jails.create();
        String ls = output(jail.exec(List.of("/bin/ls", "/")));
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
        output(jail.exec(List.of("/bin/hostname", "renamed")));
        assertEquals("renamed", jail.prison().hostname());
    }

    @org.junit.jupiter.api.AfterAll
    static void hostKeepsNothing() {
        JailFixture.assertHostClean();
    }
}
