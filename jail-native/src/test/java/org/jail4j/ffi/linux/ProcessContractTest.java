package org.jail4j.ffi.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jail4j.ffi.NativeCallException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every way of running a command in a jail must do as a {@link Process}, written once and
 * run by each subclass against its own path (the keeper's fast path, the launcher's exec mode).
 * The commands used ({@code /bin/sh}, {@code /bin/cat}, {@code /bin/sleep}) exist in the busybox
 * world of the keeper and on the host alike.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class ProcessContractTest {
    @TempDir
    Path tmp;

    /** Starts {@code argv} in the jail with the given stdio, as the subclass's path does. */
    abstract Process start(List<String> argv, Redirect in, Redirect out, Redirect err, boolean mergeErr)
            throws IOException;

    /** A process the commands descend from (the keeper, or the JVM for a launcher child), to look for zombies. */
    abstract long ancestorOfCommands();

    /**
     * Whether a command that cannot be executed fails {@code start} (the fast path: the keeper
     * answers {@code error exec}) rather than exiting 127 as from a shell (a launcher process).
     */
    abstract boolean refusesUnexecutableCommandsAtStart();

    Process start(String... argv) throws IOException {
        return start(List.of(argv), Redirect.PIPE, Redirect.PIPE, Redirect.PIPE, false);
    }

    @Test
    void stdinReachesCatAndComesBackOnStdout() throws Exception {
        Process p = start("/bin/cat");
        try (OutputStream in = p.getOutputStream()) {
            in.write("hello, jail\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("hello, jail\n", readAll(p.getInputStream()));
        assertEquals(0, p.waitFor());
    }

    @Test
    void stderrIsItsOwnStreamUnlessMerged() throws Exception {
        Process separate = start("/bin/sh", "-c", "echo out; echo err >&2");
        assertEquals("out\n", readAll(separate.getInputStream()));
        assertEquals("err\n", readAll(separate.getErrorStream()));
        assertEquals(0, separate.waitFor());

        Process merged = start(List.of("/bin/sh", "-c", "echo out; echo err >&2"), Redirect.PIPE, Redirect.PIPE,
                Redirect.PIPE, true);
        assertEquals("out\nerr\n", readAll(merged.getInputStream()));
        assertEquals(-1, merged.getErrorStream().read());
        assertEquals(0, merged.waitFor());
    }

    @Test
    void outputRedirectedToAFileOrDiscardedGoesThere() throws Exception {
        Path file = tmp.resolve("out.txt");
        Process p = start(List.of("/bin/sh", "-c", "echo to-file; echo dropped >&2"), Redirect.PIPE,
                Redirect.to(file.toFile()), Redirect.DISCARD, false);
        assertEquals(-1, p.getInputStream().read());
        assertEquals(0, p.waitFor());
        assertEquals("to-file\n", Files.readString(file));
    }

    @Test
    void stdinRedirectedFromAFileIsRead() throws Exception {
        Path file = tmp.resolve("in.txt");
        Files.writeString(file, "from a file\n");
        Process p = start(List.of("/bin/cat"), Redirect.from(file.toFile()), Redirect.PIPE, Redirect.PIPE, false);
        assertEquals("from a file\n", readAll(p.getInputStream()));
        assertEquals(0, p.waitFor());
    }

    @Test
    void exitStatusPassesThrough() throws Exception {
        assertEquals(0, start("/bin/sh", "-c", "exit 0").waitFor());
        assertEquals(3, start("/bin/sh", "-c", "exit 3").waitFor());
        assertEquals(255, start("/bin/sh", "-c", "exit 255").waitFor());
    }

    @Test
    void aCommandThatCannotBeFoundFailsAsItsPathPromises() throws Exception {
        if (refusesUnexecutableCommandsAtStart()) {
            NativeCallException e = assertThrows(NativeCallException.class, () -> start("/bin/no-such-command"));
            assertEquals("keeper spawn: exec: ENOENT: /bin/no-such-command", e.getMessage());
        } else {
            assertEquals(127, start("/bin/no-such-command").waitFor());
        }
    }

    @Test
    void killedBySignalExitsWith128PlusTheSignal() throws Exception {
        assertEquals(143, start("/bin/sh", "-c", "kill -TERM $$").waitFor());
        assertEquals(137, start("/bin/sh", "-c", "kill -KILL $$").waitFor());
    }

    @Test
    void destroySendsSigterm() throws Exception {
        Process p = startSleeper();
        assertTrue(p.isAlive());
        assertThrows(IllegalThreadStateException.class, p::exitValue);
        assertFalse(p.waitFor(1, TimeUnit.MILLISECONDS));
        p.destroy();
        assertEquals(143, p.waitFor());
        assertEquals(143, p.exitValue());
        assertFalse(p.isAlive());
    }

    @Test
    void destroyForciblySendsSigkill() throws Exception {
        Process p = startSleeper();
        assertSame(p, p.destroyForcibly());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());
    }

    @Test
    void destroyingAnEndedProcessChangesNothing() throws Exception {
        Process p = start("/bin/sh", "-c", "exit 4");
        assertEquals(4, p.waitFor());
        p.destroy();
        p.destroyForcibly();
        assertEquals(4, p.exitValue());
    }

    @Test
    void onExitCompletesWithTheProcess() throws Exception {
        Process p = start("/bin/sh", "-c", "exit 7");
        assertSame(p, p.onExit().get(60, TimeUnit.SECONDS));
        assertEquals(7, p.exitValue());
    }

    @Test
    void eightThreadsSpawnConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    StringBuilder seen = new StringBuilder();
                    for (int i = 0; i < 25; i++) {
                        Process p = start("/bin/sh", "-c", "echo " + id + "-" + i + "; exit " + i);
                        seen.append(readAll(p.getInputStream()));
                        assertEquals(i, p.waitFor());
                        p.getErrorStream().close();
                        p.getOutputStream().close();
                    }
                    return seen.toString();
                }));
            }
            for (int t = 0; t < 8; t++) {
                StringBuilder want = new StringBuilder();
                for (int i = 0; i < 25; i++) {
                    want.append(t).append('-').append(i).append('\n');
                }
                assertEquals(want.toString(), results.get(t).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aThousandSequentialSpawnsLeakNoDescriptorAndLeaveNoZombie() throws Exception {
        for (int i = 0; i < 20; i++) {
            runTrue();
        }
        long before = openDescriptors();
        for (int i = 0; i < 1000; i++) {
            runTrue();
        }
        // Stream ends are closed on the common pool once each process has ended: wait for the last of them.
        Conditions.await(() -> openDescriptors() <= before, "descriptors back to " + before + " (now "
                + openDescriptors() + ")");
        Conditions.await(() -> zombiesUnder(ancestorOfCommands()) == 0, "no defunct descendant of "
                + ancestorOfCommands());
    }

    @Test
    void streamsNobodyClosesAreReleasedOnceTheProcessHasEnded() throws Exception {
        runTrue();
        long before = openDescriptors();
        // Kept reachable, so that no Cleaner closes a forgotten stream: only the end of each process may.
        List<Process> kept = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Process p = start("/bin/true");
            assertEquals(0, p.waitFor());
            kept.add(p);
        }
        Conditions.await(() -> openDescriptors() <= before, "descriptors back to " + before + " (now "
                + openDescriptors() + ")");
        assertEquals(200, kept.size());
    }

    private void runTrue() throws Exception {
        Process p = start("/bin/true");
        assertEquals(0, p.waitFor());
        p.getInputStream().close();
        p.getErrorStream().close();
        p.getOutputStream().close();
    }

    Process startSleeper() throws Exception {
        Process p = start("/bin/sh", "-c", "echo ready; exec /bin/sleep 1000");
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", r.readLine());
        return p;
    }

    static String readAll(java.io.InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    static long openDescriptors() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** Processes in state Z that descend from {@code ancestor}, from /proc/PID/stat (after the command's ')'). */
    static long zombiesUnder(long ancestor) throws IOException {
        Map<Long, Long> parents = new HashMap<>();
        List<Long> zombies = new ArrayList<>();
        try (var s = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : s) {
                String stat;
                try {
                    stat = Files.readString(dir.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long pid = Long.parseLong(dir.getFileName().toString());
                parents.put(pid, Long.parseLong(f[1]));
                if (f[0].equals("Z")) {
                    zombies.add(pid);
                }
            }
        }
        return zombies.stream().filter(z -> descends(z, ancestor, parents)).count();
    }

    private static boolean descends(long pid, long ancestor, Map<Long, Long> parents) {
        for (Long p = parents.get(pid); p != null && p > 0; p = parents.get(p)) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }
}
