package org.jail4j.linux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jail4j.JailHost;
import org.jail4j.ffi.Os;
import org.junit.jupiter.api.Test;

/** A JVM killed with SIGKILL while it holds jails: the next reconcile() leaves nothing behind. */
class LinuxReconcileTest {
    @Test
    void reconcileCleansTheJailsOfAJvmKilledWithSigkill() throws Exception {
        assumeTrue(Os.isLinux(), "needs Linux namespaces");
        String prefix = "j" + ProcessHandle.current().pid() + "r-killed";
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-D" + StateDir.PROPERTY + "=" + StateDir.fromSystem().dir()));
        String launcher = System.getProperty(LauncherLocation.PROPERTY);
        if (launcher != null) {
            cmd.add("-D" + LauncherLocation.PROPERTY + "=" + launcher);
        }
        cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        cmd.addAll(List.of(ThreeJails.class.getName(), prefix));
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> names = List.of(prefix + "-1", prefix + "-2", prefix + "-3");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
            assertEquals("READY", out.readLine());
            assertEquals(3, JailFixture.keepersNamed(names).size());
            List<Integer> jids = JailHost.local().list().filter(p -> names.contains(p.name())).map(p -> p.jid())
                    .toList();
            try (org.jail4j.Jail mine = JailHost.local().create(org.jail4j.JailSpec.builder(prefix + "-mine")
                    .world(org.jail4j.World.thin()).persist(true).build())) {
                assertEquals(3, jids.stream().distinct().count());
                assertTrue(jids.stream().allMatch(j -> j < mine.jid()), "JIDs come from one allocator: " + jids
                        + " then " + mine.jid());
            }
            child.destroyForcibly();   // SIGKILL: no shutdown hook runs
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue());
            assertEquals(3, JailHost.local().list().filter(p -> names.contains(p.name())).count(),
                    "the jails outlive their JVM until reconcile");
            assertEquals(3, JailHost.local().reconcile());
            assertEquals(0, JailHost.local().reconcile());
            assertEquals(0, JailHost.local().list(true).filter(p -> names.contains(p.name())).count());
            JailFixture.assertNothingLeft(names);
        } finally {
            child.destroyForcibly();
            for (String n : names) {
                if (JailHost.local().findIncludingDying(n).isPresent()) {
                    JailHost.local().remove(n);
                }
            }
        }
    }

    @Test
    void reconcileRemovesFilesThatBelongToNoJail() throws Exception {
        assumeTrue(Os.isLinux(), "needs Linux namespaces");
        Path dir = StateDir.fromSystem().dir();
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(dir.resolve("999990.jail.tmp"), "half");
        java.nio.file.Files.writeString(dir.resolve("999991.log"), "READY 1\n");
        assertEquals(0, JailHost.local().reconcile(), "no jail was cleaned");
        assertEquals(List.of(), JailFixture.stateEntries());
    }

    /** The child JVM: creates three jails, says READY and waits to be killed. */
    static final class ThreeJails {
        public static void main(String[] args) throws Exception {
            JailHost host = JailHost.local();
            List<org.jail4j.Jail> held = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                held.add(host.create(org.jail4j.JailSpec.builder(args[0] + "-" + i)
                        .world(org.jail4j.World.thin()).persist(true).build()));
            }
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
            held.forEach(org.jail4j.Jail::close);
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void hostKeepsNothing() {
        JailFixture.assertHostClean();
    }
}
