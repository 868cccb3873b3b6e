package org.jail4j.linux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jail4j.ExecSpec;
import org.jail4j.Jail;
import org.jail4j.ffi.linux.ExecPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code Jail.exec} promises on the Linux engine, written once and run by each subclass on
 * its own exec path: the keeper's fast path and a launcher process per command must give the
 * caller the same {@link Process}. The path is pinned per handle ({@link LinuxJail#execPath}),
 * not by the JVM-wide property, so both suites can run in one JVM.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
abstract class ExecPathContractTest {
    @RegisterExtension
    final JailFixture jails = JailFixture.forLinux();

    /** The path this suite pins on every jail it makes. */
    abstract ExecPath path();

    Jail jail() {
        return ((LinuxJail) jails.create()).execPath(path());
    }

    /** The process's stdout, stripped, once it has ended with status 0. */
    static String output(Process p) throws IOException, InterruptedException {
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "process still running");
        assertEquals(0, p.exitValue(), "exit status; stderr: " + err);
        return out;
    }

    static String sh(Jail jail, String script) throws IOException, InterruptedException {
        return output(jail.exec(List.of("/bin/sh", "-c", script)));
    }

    @Test
    void stdinReachesCatAndComesBackOnStdout() throws Exception {
        Process p = jail().exec(List.of("/bin/cat"));
        try (OutputStream in = p.getOutputStream()) {
            in.write("through the jail\n".getBytes(UTF_8));
        }
        assertEquals("through the jail\n", new String(p.getInputStream().readAllBytes(), UTF_8));
        assertEquals(0, p.waitFor());
    }

    @Test
    void stderrIsItsOwnStreamUnlessMerged() throws Exception {
        Jail jail = jail();
        Process apart = jail.exec(List.of("/bin/sh", "-c", "echo out; echo err >&2"));
        assertEquals("out\n", new String(apart.getInputStream().readAllBytes(), UTF_8));
        assertEquals("err\n", new String(apart.getErrorStream().readAllBytes(), UTF_8));
        assertEquals(0, apart.waitFor());
        Process merged = jail.exec(ExecSpec.builder("/bin/sh", "-c", "echo out; echo err >&2")
                .redirectErrorStream(true).build());
        assertEquals("out\nerr\n", new String(merged.getInputStream().readAllBytes(), UTF_8));
        assertEquals(-1, merged.getErrorStream().read());
        assertEquals(0, merged.waitFor());
    }

    @Test
    void outputRedirectedToAFileAndInputFromOne() throws Exception {
        Path dir = Files.createTempDirectory("jail4j-redirect");
        try {
            Path in = Files.writeString(dir.resolve("in"), "from a file\n");
            Path out = dir.resolve("out");
            Process p = jail().exec(ExecSpec.builder("/bin/cat").redirectInput(Redirect.from(in.toFile()))
                    .redirectOutput(Redirect.to(out.toFile())).redirectError(Redirect.DISCARD).build());
            assertEquals(-1, p.getInputStream().read());
            assertEquals(0, p.waitFor());
            assertEquals("from a file\n", Files.readString(out));
        } finally {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    @ParameterizedTest(name = "exit {0}")
    @ValueSource(ints = {0, 1, 7, 255})
    void theExitStatusComesThrough(int status) throws Exception {
        Process p = jail().exec(List.of("/bin/sh", "-c", "exit " + status));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(status, p.exitValue());
    }

    @Test
    void aCommandKilledBySignalSEndsWith128PlusS() throws Exception {
        Process p = jail().exec(List.of("/bin/sh", "-c", "kill -USR1 $$"));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(128 + 10, p.exitValue());
    }

    /** destroy() is SIGTERM and destroyForcibly() SIGKILL, and both reach the command in the jail. */
    @ParameterizedTest(name = "forcibly={0}")
    @ValueSource(booleans = {false, true})
    void destroyReachesTheJailedProcess(boolean forcibly) throws Exception {
        Jail jail = jail();
        Process p = jail.exec(ExecSpec.builder("/bin/sh", "-c", "echo started; exec sleep 1000").build());
        assertEquals("started", new String(p.getInputStream().readNBytes(8), UTF_8).strip());
        if (forcibly) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(128 + (forcibly ? 9 : 15), p.exitValue());
        assertTrue(JailFixture.await(() -> countSleeps(jail) == 0, 30), "sleep still runs in the jail");
    }

    private static long countSleeps(Jail jail) {
        try {
            return output(jail.exec(List.of("/bin/ps", "-e", "-o", "comm="))).lines()
                    .filter(l -> l.strip().equals("sleep")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCommandSeesTheJailsHostname() throws Exception {
        Jail jail = ((LinuxJail) jails.create(s -> s.hostname("t1.example"))).execPath(path());
        assertEquals("t1.example", output(jail.exec(List.of("/bin/hostname"))));
    }

    @Test
    void theCommandRunsInTheGivenDirectoryAsAUserOfTheJailsPasswdWithItsGroups() throws Exception {
        Jail jail = jail();
        Path etc = Path.of(jail.prison().path(), "etc");
        Files.writeString(etc.resolve("passwd"), "jtest:x:1234:1235::/home/jtest:/bin/sh\n", StandardOpenOption.APPEND);
        Files.writeString(etc.resolve("group"), "jtest:x:1235:\nextra:x:1236:daemon,jtest\n",
                StandardOpenOption.APPEND);
        Process p = jail.exec(ExecSpec.builder("/bin/sh", "-c", "pwd; id -u; id -g; id -G; echo $HOME $USER")
                .directory("/tmp").user("jtest").build());
        assertEquals("/tmp\n1234\n1235\n1235 1236\n/home/jtest jtest", output(p));
    }

    /** As the launcher without --user: uid and gid 0 and no other group, whatever the jail's group file says. */
    @Test
    void withoutAUserTheCommandIsRootInSlashWithGroupZeroOnly() throws Exception {
        Jail jail = jail();
        Files.writeString(Path.of(jail.prison().path(), "etc", "group"), "extra:x:1236:root\n",
                StandardOpenOption.APPEND);
        assertEquals("/\n0\n0\n0", sh(jail, "pwd; id -u; id -g; id -G"));
    }

    @Test
    void theCommandGetsExactlyTheGivenEnvironment() throws Exception {
        Process p = jail().exec(ExecSpec.builder("/usr/bin/env").environment(Map.of("FOO", "bar baz")).build());
        assertEquals("FOO=bar baz", output(p));
    }

    @Test
    void withoutAnEnvironmentTheCommandGetsTheCleanDefaultNotTheJvms() throws Exception {
        String env = output(jail().exec(List.of("/usr/bin/env")));
        assertEquals(List.of("HOME=/root", "LOGNAME=root", "PATH=" + ExecPlan.PATH, "SHELL=/bin/sh", "TERM=dumb",
                "USER=root"), env.lines().sorted().toList());
    }

    @Test
    void loginGivesTheUsersHomeAndShellAndTheGivenValuesWin() throws Exception {
        Process p = jail().exec(ExecSpec.builder("/bin/sh", "-c", "pwd; env").login(true).user("daemon")
                .environment(Map.of("SHELL", "/bin/other")).build());
        List<String> lines = output(p).lines().toList();
        assertEquals("/usr/sbin", lines.get(0));
        assertEquals(List.of("HOME=/usr/sbin", "PATH=" + ExecPlan.LOGIN_PATH, "SHELL=/bin/other", "USER=daemon"),
                lines.subList(1, lines.size()).stream().filter(l -> !l.startsWith("PWD=") && !l.startsWith("SHLVL="))
                        .sorted().toList());
    }

    @Test
    void eightThreadsSpawnAtOnceAndEachGetsItsOwnOutput() throws Exception {
        Jail jail = jail();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    List<String> got = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        got.add(sh(jail, "echo " + thread + "-" + i));
                    }
                    return got;
                }));
            }
            for (int t = 0; t < 8; t++) {
                int thread = t;
                assertEquals(Stream.iterate(0, i -> i + 1).limit(10).map(i -> thread + "-" + i).toList(),
                        done.get(t).get(240, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A thousand spawns leave this JVM's descriptors as they were, and no zombie under the keeper or the JVM. */
    @Test
    void aThousandSpawnsLeakNoDescriptorAndLeaveNoZombie() throws Exception {
        Jail jail = jail();
        long keeper = JailFixture.keepersNamed(List.of(jail.name())).get(0);
        for (int i = 0; i < 5; i++) {
            output(jail.exec(List.of("/bin/true")));   // the first spawns open what every later one shares
        }
        int before = openDescriptors();
        for (int i = 0; i < 1000; i++) {
            Process p = jail.exec(List.of("/bin/true"));
            assertEquals(0, p.waitFor(), "spawn " + i);
            p.getOutputStream().close();
            p.getInputStream().close();
            p.getErrorStream().close();
        }
        long self = ProcessHandle.current().pid();
        assertTrue(JailFixture.await(() -> zombiesOf(keeper).isEmpty() && zombiesOf(self).isEmpty(), 30),
                "zombies: keeper " + zombiesOf(keeper) + ", JVM " + zombiesOf(self));
        assertTrue(JailFixture.await(() -> openDescriptors() <= before, 30),
                "descriptors before " + before + ", after " + openDescriptors());
    }

    private static int openDescriptors() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ended, unreaped children of {@code parent}: state Z and that ppid in /proc/[pid]/stat. */
    static List<Long> zombiesOf(long parent) {
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            return s.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            String stat = Files.readString(p.resolve("stat"));
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            return f[0].equals("Z") && Long.parseLong(f[1]) == parent;
                        } catch (IOException e) {
                            return false;   // the process ended while we looked
                        }
                    }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void hostKeepsNothing() {
        JailFixture.assertHostClean();
    }
}
