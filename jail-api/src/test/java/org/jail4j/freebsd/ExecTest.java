package org.jail4j.freebsd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jail4j.ExecSpec;
import org.jail4j.Jail;
import org.jail4j.JailException;
import org.jail4j.JailSpec;
import org.jail4j.NoSuchJailException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the engine starts processes, without a FreeBSD host: a stand-in for the FreeBSD launcher
 * records the argv it was given and exits, so the command line, the environment and the end of a
 * temporary persist can be checked. Attaching itself cannot run here.
 */
class ExecTest {
    @RegisterExtension
    final ModelHost model = new ModelHost();

    @TempDir
    Path dir;

    @AfterEach
    void noLauncher() {
        System.clearProperty(FreeBsdEngine.LAUNCHER_PROPERTY);
    }

    private Path standInLauncher() throws Exception {
        Path script = dir.resolve("jail4j-launcher");
        Files.writeString(script, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \""
                + dir.resolve("argv") + "\"\nenv | sort > \"" + dir.resolve("env") + "\"\n", UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        System.setProperty(FreeBsdEngine.LAUNCHER_PROPERTY, script.toString());
        return script;
    }

    @Test
    void launcherGetsTheJidTheSpecAndACleanEnvironment() throws Exception {
        standInLauncher();
        try (Jail j = model.host().create(JailSpec.builder("x").path(Path.of("/")).persist(true).build())) {
            Process p = j.exec(ExecSpec.builder("/bin/echo", "hi").user("www").directory("/tmp").build());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            assertEquals(List.of("exec", "--jid", Integer.toString(j.jid()), "--dir", "/tmp", "--user", "www",
                    "--env", "PATH=/sbin:/bin:/usr/sbin:/usr/bin", "--env", "HOME=/", "--env", "USER=www",
                    "--env", "SHELL=/bin/sh", "--env", "TERM=dumb", "--", "/bin/echo", "hi"),
                    Files.readAllLines(dir.resolve("argv")));
            // The JVM's own environment never reaches the jail; sh adds only PWD, SHLVL and _.
            for (String line : Files.readAllLines(dir.resolve("env"))) {
                String name = line.substring(0, line.indexOf('='));
                assertTrue(Set.of("PATH", "HOME", "USER", "SHELL", "TERM", "PWD", "SHLVL", "_").contains(name), line);
            }
        }
    }

    @Test
    void temporaryPersistEndsWithTheFirstCommand() throws Exception {
        standInLauncher();
        try (Jail j = model.host().create(JailSpec.builder("t").path(Path.of("/")).build())) {
            assertTrue(j.prison().persist());
            Process p = j.exec(List.of("/bin/true"));
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            // No process of the model is attached, so the jail dies once its persist is cleared.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (j.isAlive()) {
                if (System.nanoTime() > deadline) {
                    fail("the temporary persist was not cleared within 30 s");
                }
                Thread.onSpinWait();
            }
            assertThrows(NoSuchJailException.class, j::prison);
        }
    }

    @Test
    void withoutALauncherJexecIsUsed() {
        assumeFalse(Files.exists(Path.of(ExecCommand.JEXEC)), "this host has jexec(8): it would really run");
        try (Jail j = model.host().create(JailSpec.builder("x").path(Path.of("/")).persist(true).build())) {
            JailException e = assertThrows(JailException.class, () -> j.exec(List.of("/bin/true")));
            assertEquals("exec", e.call());
            assertEquals("x", e.jail());
            assertTrue(e.getMessage().startsWith("exec x: /usr/sbin/jexec: Cannot run program \"/usr/sbin/jexec\""),
                    e.getMessage());
        }
    }

    @Test
    void execOnAHandleThatOutlivedItsJailIsRefused() {
        Jail j = model.host().create(JailSpec.builder("gone").path(Path.of("/")).persist(true).build());
        model.host().remove("gone");
        NoSuchJailException e = assertThrows(NoSuchJailException.class, () -> j.exec(List.of("/bin/true")));
        assertEquals("jail_get gone: ENOENT: jail \"gone\" (jid " + j.jid() + ") no longer exists", e.getMessage());
        j.close();
    }
}
