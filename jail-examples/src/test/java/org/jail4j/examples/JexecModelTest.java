package org.jail4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.jail4j.Jail;
import org.jail4j.JailHost;
import org.jail4j.JailSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jexec over the FreeBSD engine and the kernel model, with a stand-in for the FreeBSD launcher
 * (attaching cannot run here): the options reach the launcher and its exit status is jexec's.
 */
class JexecModelTest {
    private static final String LAUNCHER_PROPERTY = "jail4j.freebsd.launcher";

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() {
        System.clearProperty(LAUNCHER_PROPERTY);
        ModelControls.reset();
    }

    @Test
    void optionsReachTheLauncherAndItsStatusIsJexecs() throws Exception {
        ModelControls.reset();
        Path script = dir.resolve("jail4j-launcher");
        Files.writeString(script, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \""
                + dir.resolve("argv") + "\"\nexit 3\n", UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        System.setProperty(LAUNCHER_PROPERTY, script.toString());
        JailHost host = JailHost.withEngine("freebsd");
        try (Jail j = host.create(JailSpec.builder("web").path(Path.of("/")).persist(true).build())) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = new Jexec(host, new PrintStream(err, true, UTF_8)).run(
                    new String[] {"-l", "-U", "www", "-d", "/srv", "web", "id", "-u"});
            assertEquals("", err.toString(UTF_8));
            assertEquals(3, rc);
            assertEquals(List.of("exec", "--jid", Integer.toString(j.jid()), "--dir", "/srv", "--user", "www",
                    "--login", "--", "id", "-u"), Files.readAllLines(dir.resolve("argv")));
        }
    }

    @Test
    void aMissingJailIsReported() throws Exception {
        ModelControls.reset();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new Jexec(JailHost.withEngine("freebsd"), new PrintStream(err, true, UTF_8))
                .run(new String[] {"nosuch", "id"});
        assertEquals(1, rc);
        assertEquals("jexec: jail_get nosuch: ENOENT: jail \"nosuch\" not found\n", err.toString(UTF_8));
    }
}
