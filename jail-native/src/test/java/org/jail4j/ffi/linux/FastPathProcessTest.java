package org.jail4j.ffi.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jail4j.ffi.NativeCallException;
import org.junit.jupiter.api.Test;

/** {@link SpawnedProcess}: commands forked by a real keeper in a busybox jail, through its control socket. */
class FastPathProcessTest extends KeeperProcessContractTest {
    @Test
    void pidIsTheHostPidOfTheCommandAndJailPidItsPidInTheJail() throws Exception {
        SpawnedProcess p = (SpawnedProcess) startSleeper();
        try {
            Path comm = Path.of("/proc/" + p.pid() + "/comm");
            // "ready" is printed before the shell execs sleep: wait for the exec.
            Conditions.await(() -> Files.readString(comm).trim().equals("sleep"), comm + " to read sleep");
            String status = Files.readString(Path.of("/proc/" + p.pid() + "/status"));
            // NSpid: the pid in each pid namespace, the host's first and the jail's last.
            String nspid = status.lines().filter(l -> l.startsWith("NSpid:")).findFirst().orElseThrow();
            assertEquals(Integer.toString(p.jailPid()), nspid.substring(nspid.lastIndexOf('\t') + 1));
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void aDirectoryThatDoesNotExistIsRefusedAtStartWithTheKeepersStepAndErrno() {
        SpawnRequest request = new SpawnRequest(List.of("/bin/true"), Map.of(), "/no-such-dir", 0, 0, List.of());
        NativeCallException e = assertThrows(NativeCallException.class, () -> SpawnedProcess.start(keeper.control(),
                request, Redirect.PIPE, Redirect.PIPE, Redirect.PIPE, false));
        assertEquals("keeper spawn: chdir", e.call());
        assertEquals("ENOENT", e.errnoName());
    }

    @Test
    void aRequestOfAnUnknownVersionIsRefusedWithEproto() {
        try (SpawnClient client = SpawnClient.connect(keeper.control())) {
            NativeCallException e = refused(client, "v2\0");

            assertEquals(List.of("keeper spawn: request", "EPROTO", "unknown version"),
                    List.of(e.call(), e.errnoName(), e.kernelMessage()));
        }
    }

    @Test
    void aTruncatedRequestIsRefusedWithEinvalAndTheConnectionEnds() {
        try (SpawnClient client = SpawnClient.connect(keeper.control())) {
            NativeCallException e = refused(client, "v1\0000\0");

            assertEquals(List.of("keeper spawn: request", "EINVAL", "truncated request"),
                    List.of(e.call(), e.errnoName(), e.kernelMessage()));
            assertThrows(UncheckedIOException.class, client::awaitExit, "no end answer after an error");
        }
    }

    /** The keeper's error answer to a raw request message sent with the test JVM's own stdio. */
    private static NativeCallException refused(SpawnClient client, String request) {
        return assertThrows(NativeCallException.class,
                () -> client.start(request.getBytes(StandardCharsets.US_ASCII), 0, 1, 2));
    }

    @Override
    Process start(List<String> argv, Redirect in, Redirect out, Redirect err, boolean mergeErr) throws IOException {
        return SpawnedProcess.start(keeper.control(), SpawnRequest.asRoot(argv, Map.of("PATH", "/bin")), in, out, err,
                mergeErr);
    }

    @Override
    boolean refusesUnexecutableCommandsAtStart() {
        return true;
    }

    @Override
    long ancestorOfCommands() {
        return keeper.pid();
    }
}
