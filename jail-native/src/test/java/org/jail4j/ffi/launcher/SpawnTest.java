package org.jail4j.ffi.launcher;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.jail4j.ffi.NativeCallException;
import org.jail4j.ffi.launcher.LauncherArgs.Namespace;
import org.jail4j.ffi.linux.LibcSpawn;
import org.jail4j.ffi.linux.SpawnClient;
import org.jail4j.ffi.linux.SpawnRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The keeper's control socket (the spawn fast path), driven by the engine's own client. The wire
 * format of malformed requests, which that client cannot send, is tested in
 * {@code org.jail4j.ffi.linux.FastPathProcessTest}.
 */
class SpawnTest {
    private static final LibcSpawn LIBC = LibcSpawn.libc();

    @RegisterExtension
    final TinyWorld world = new TinyWorld();

    private Path socket;
    private final List<Integer> open = new ArrayList<>();

    @BeforeEach
    void startKeeper() throws Exception {
        Path control = Files.createDirectory(world.dir.resolve("control"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        socket = control.resolve("keeper.sock");
        world.startKeeper("s1", k -> k.namespaces(EnumSet.of(Namespace.UTS)).hostname("spawn.example").persist(true)
                .control(socket));
    }

    @AfterEach
    void closeDescriptors() {
        open.forEach(LIBC::close);
    }

    /** A pipe whose ends the test closes after it, read end first. */
    private int[] pipe() {
        int[] fds = new int[2];
        assertEquals(0, LIBC.pipe2(fds, LibcSpawn.O_CLOEXEC), "pipe2");
        open.add(fds[0]);
        open.add(fds[1]);
        return fds;
    }

    /** Starts {@code request} with stdin an empty pipe and stdout/stderr {@code out}'s write end, then closes our copies. */
    private SpawnClient.Started start(SpawnClient client, SpawnRequest request, int[] out) {
        int[] in = pipe();
        try {
            return client.start(request, in[0], out[1], out[1]);
        } finally {
            closeNow(in[0]);
            closeNow(in[1]);
            closeNow(out[1]);
        }
    }

    private void closeNow(int fd) {
        open.remove(Integer.valueOf(fd));
        LIBC.close(fd);
    }

    /** Everything {@code fd} delivers until its writers close it. */
    private static String readAll(int fd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        long n;
        while ((n = LIBC.read(fd, buf, buf.length)) > 0) {
            out.write(buf, 0, (int) n);
        }
        assertEquals(0, n, "read");
        return out.toString(StandardCharsets.UTF_8);
    }

    private static SpawnRequest root(String... argv) {
        return SpawnRequest.asRoot(List.of(argv), Map.of());
    }

    private static String nspid(SpawnClient.Started started) throws Exception {
        return Files.readString(Path.of("/proc/" + started.hostPid() + "/status")).lines()
                .filter(l -> l.startsWith("NSpid:")).findFirst().orElseThrow();
    }

    @Test
    void spawnRunsTheCommandInTheJailAndReportsItsExitStatus() {
        int[] out = pipe();
        try (SpawnClient client = SpawnClient.connect(socket)) {
            SpawnClient.Started started = start(client, SpawnRequest.asRoot(List.of("sh", "-c",
                    "hostname; echo $A; exit 4"), Map.of("A", "b")), out);

            assertAll(() -> assertTrue(started.jailPid() > 1, "a pid in the jail other than the keeper's"),
                    () -> assertEquals("spawn.example\nb\n", readAll(out[0])),
                    () -> assertEquals(4, client.awaitExit()));
        }
    }

    @Test
    void theCommandRunsWithTheRequestedIdentityAndDirectory() {
        int[] out = pipe();
        try (SpawnClient client = SpawnClient.connect(socket)) {
            start(client, new SpawnRequest(List.of("sh", "-c", "id -u; id -G; pwd"), Map.of(), "/etc", 65534, 65534,
                    List.of(100, 65534)), out);

            assertEquals("65534\n65534 100\n/etc\n", readAll(out[0]));
            assertEquals(0, client.awaitExit());
        }
    }

    @Test
    void thePidfdGivesTheHostPidAndKillSignalsTheCommand() throws Exception {
        try (SpawnClient client = SpawnClient.connect(socket)) {
            SpawnClient.Started started = start(client, root("sleep", "1000"), pipe());
            String nspid = nspid(started);
            client.kill(15);

            assertEquals("NSpid:\t" + started.hostPid() + "\t" + started.jailPid(), nspid);
            assertEquals(128 + 15, client.awaitExit());
        }
    }

    @Test
    void theHostPidStaysReadableAfterTheEndUntilTheClientCloses() throws Exception {
        SpawnClient.Started started;
        try (SpawnClient client = SpawnClient.connect(socket)) {
            started = start(client, root("true"), pipe());

            assertEquals(0, client.awaitExit());
            assertEquals("NSpid:\t" + started.hostPid() + "\t" + started.jailPid(), nspid(started));
        }
        assertTrue(TinyWorld.awaitGone(started.hostPid()), "reaped once the client has closed");
    }

    @Test
    void closingTheConnectionKillsTheCommand() throws Exception {
        SpawnClient.Started started;
        try (SpawnClient client = SpawnClient.connect(socket)) {
            started = start(client, root("sleep", "1000"), pipe());
        }

        assertTrue(TinyWorld.awaitGone(started.hostPid()), "the command ended with its connection");
    }

    @Test
    void aMissingCommandIsAnErrorAnswer() {
        try (SpawnClient client = SpawnClient.connect(socket)) {
            NativeCallException e = assertThrows(NativeCallException.class,
                    () -> start(client, root("nosuchcommand"), pipe()));

            assertAll(() -> assertEquals("keeper spawn: exec", e.call()),
                    () -> assertEquals("ENOENT", e.errnoName()),
                    () -> assertEquals("nosuchcommand", e.kernelMessage()));
        }
    }

    @Test
    void aClientThatSendsNothingDelaysNoOtherClient() {
        int[] out = pipe();
        try (SpawnClient silent = SpawnClient.connect(socket); SpawnClient client = SpawnClient.connect(socket)) {
            start(client, root("sh", "-c", "echo served"), out);

            assertEquals("served\n", readAll(out[0]));
            assertEquals(0, client.awaitExit());
        }
    }

    @Test
    void commandsOfManyConnectionsRunAtOnceAndEachEndIsAnsweredOnItsOwn() {
        int[] signals = {1, 2, 9, 10, 12, 13, 14, 15};     // none that dumps core
        List<SpawnClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < signals.length; i++) {
                SpawnClient c = SpawnClient.connect(socket);
                clients.add(c);
                start(c, root("sleep", "1000"), pipe());
            }
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).kill(signals[i]);
            }

            for (int i = 0; i < clients.size(); i++) {
                assertEquals(128 + signals[i], clients.get(i).awaitExit(), "connection " + i);
            }
        } finally {
            clients.forEach(SpawnClient::close);
        }
    }
}
