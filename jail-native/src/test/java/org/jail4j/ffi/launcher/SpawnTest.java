package org.jail4j.ffi.launcher;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jail4j.ffi.launcher.LauncherArgs.Namespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The keeper's control socket (the spawn fast path), driven by a client written from PROTOCOL.md. */
class SpawnTest {
    private static final Pattern PID_ANSWER = Pattern.compile("pid (\\d+)\n");

    @RegisterExtension
    final TinyWorld world = new TinyWorld();

    private Path socket;
    private final int[] in = new int[] {-1, -1};
    private final int[] out = new int[] {-1, -1};

    @BeforeEach
    void startKeeper() throws Exception {
        Path control = Files.createDirectory(world.dir.resolve("control"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        socket = control.resolve("keeper.sock");
        world.startKeeper("s1", k -> k.namespaces(EnumSet.of(Namespace.UTS)).hostname("spawn.example").persist(true)
                .control(socket));
        System.arraycopy(SpawnWire.pipe(), 0, in, 0, 2);
        System.arraycopy(SpawnWire.pipe(), 0, out, 0, 2);
    }

    @AfterEach
    void closePipes() {
        for (int fd : new int[] {in[0], in[1], out[0], out[1]}) {
            closeFd(fd);
        }
    }

    private static void closeFd(int fd) {
        if (fd >= 0) {
            SpawnWire.LIBC.close(fd);
        }
    }

    /** Sends the request with the test's pipes as stdio and keeps only the ends the test reads. */
    private void send(SpawnWire wire, byte[] request) {
        wire.send(request, in[0], out[1], out[1]);
        closeFd(in[0]);
        closeFd(in[1]);
        closeFd(out[1]);
        in[0] = in[1] = out[1] = -1;
    }

    private static byte[] root(String... argv) {
        return SpawnWire.request(0, 0, List.of(), "/", List.of(), List.of(argv));
    }

    private static long hostPid(int pidfd) throws Exception {
        String fdinfo = Files.readString(Path.of("/proc/self/fdinfo/" + pidfd));
        Matcher m = Pattern.compile("(?m)^Pid:\\s+(-?\\d+)$").matcher(fdinfo);
        assertTrue(m.find(), "fdinfo of a pidfd has Pid:");
        return Long.parseLong(m.group(1));
    }

    @Test
    void spawnRunsTheCommandInTheJailAndReportsItsExitStatus() throws Exception {
        try (SpawnWire wire = new SpawnWire(socket.toString())) {
            send(wire, SpawnWire.request(0, 0, List.of(), "/", List.of("A=b"),
                    List.of("sh", "-c", "hostname; echo $A; exit 4")));

            SpawnWire.Answer started = wire.receive();
            closeFd(started.fd());

            assertAll(() -> assertTrue(PID_ANSWER.matcher(started.text()).matches(), started.text()),
                    () -> assertTrue(started.fd() >= 0, "a pidfd comes with the pid answer"),
                    () -> assertEquals("spawn.example\nb\n", SpawnWire.readAll(out[0])),
                    () -> assertEquals("exit 4\n", wire.receive().text()));
        }
    }

    @Test
    void theCommandRunsWithTheRequestedIdentityAndDirectory() throws Exception {
        try (SpawnWire wire = new SpawnWire(socket.toString())) {
            send(wire, SpawnWire.request(65534, 65534, List.of(100L, 65534L), "/etc", List.of(),
                    List.of("sh", "-c", "id -u; id -G; pwd")));

            closeFd(wire.receive().fd());

            assertEquals("65534\n65534 100\n/etc\n", SpawnWire.readAll(out[0]));
            assertEquals("exit 0\n", wire.receive().text());
        }
    }

    @Test
    void thePidfdGivesTheHostPidAndKillSignalsTheCommand() throws Exception {
        try (SpawnWire wire = new SpawnWire(socket.toString())) {
            send(wire, root("sleep", "1000"));
            SpawnWire.Answer started = wire.receive();
            Matcher m = PID_ANSWER.matcher(started.text());
            assertTrue(m.matches(), started.text());

            long host = hostPid(started.fd());
            closeFd(started.fd());
            String status = Files.readString(Path.of("/proc/" + host + "/status"));
            wire.sendText("kill 15\n");

            assertTrue(status.contains("\nNSpid:\t" + host + "\t" + m.group(1) + "\n"), status);
            assertEquals("signal 15\n", wire.receive().text());
        }
    }

    @Test
    void theHostPidStaysReadableAfterTheEndUntilTheClientCloses() throws Exception {
        try (SpawnWire wire = new SpawnWire(socket.toString())) {
            send(wire, root("true"));
            SpawnWire.Answer started = wire.receive();
            Matcher m = PID_ANSWER.matcher(started.text());
            assertTrue(m.matches(), started.text());

            assertEquals("exit 0\n", wire.receive().text());
            long host = hostPid(started.fd());
            closeFd(started.fd());

            String status = Files.readString(Path.of("/proc/" + host + "/status"));
            assertTrue(status.contains("\nNSpid:\t" + host + "\t" + m.group(1) + "\n"), status);
        }
    }

    @Test
    void closingTheConnectionKillsTheCommand() throws Exception {
        long host;
        try (SpawnWire wire = new SpawnWire(socket.toString())) {
            send(wire, root("sleep", "1000"));
            SpawnWire.Answer started = wire.receive();
            host = hostPid(started.fd());
            closeFd(started.fd());
        }

        assertTrue(TinyWorld.awaitGone(host), "the command ended with its connection");
    }

    @Test
    void aMissingCommandIsAnErrorAnswer() throws Exception {
        try (SpawnWire wire = new SpawnWire(socket.toString())) {
            send(wire, root("nosuchcommand"));

            assertEquals(new SpawnWire.Answer("error exec 2 nosuchcommand\n", -1), wire.receive());
        }
    }

    @Test
    void anUnknownRequestVersionIsRefused() throws Exception {
        try (SpawnWire wire = new SpawnWire(socket.toString())) {
            send(wire, "v2\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

            assertEquals(new SpawnWire.Answer("error request 71 unknown version\n", -1), wire.receive());
        }
    }
}
