package org.jail4j.ffi.linux;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jail4j.ffi.Os;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The fast-path {@link SpawnedProcess} against an independent implementation of the spawn
 * protocol (src/test/resources/.../spawn-peer.py, no namespaces): checks the client's framing,
 * descriptor passing and answer handling without the native launcher.
 */
class SpawnPeerProcessTest extends ProcessContractTest {
    private static Path dir;
    private static Process peer;

    @BeforeAll
    static void startPeer() throws Exception {
        assumeTrue(Os.isLinux(), "the spawn protocol is Linux-only (SOCK_SEQPACKET, SCM_RIGHTS)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) || onPath("python3"),
                "python3 is needed to run the protocol peer");
        dir = Files.createTempDirectory("spawn-peer");
        Path script = dir.resolve("spawn-peer.py");
        try (InputStream in = SpawnPeerProcessTest.class.getResourceAsStream("spawn-peer.py")) {
            Files.copy(in, script);
        }
        peer = new ProcessBuilder("python3", script.toString(), control().toString())
                .redirectError(Redirect.INHERIT).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
        String ready = r.readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            peer.destroyForcibly();
            throw new IllegalStateException("spawn peer did not start: " + ready);
        }
    }

    @AfterAll
    static void stopPeer() throws Exception {
        if (peer != null) {
            peer.destroyForcibly().waitFor();
        }
        if (dir != null) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path control() {
        return dir.resolve("control");
    }

    private static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }

    @Override
    Process start(List<String> argv, Redirect in, Redirect out, Redirect err, boolean mergeErr) throws IOException {
        return SpawnedProcess.start(control(), SpawnRequest.asRoot(argv, Map.of("PATH", "/bin:/usr/bin")), in, out,
                err, mergeErr);
    }

    @Override
    boolean refusesUnexecutableCommandsAtStart() {
        return true;
    }

    @Override
    long ancestorOfCommands() {
        return peer.pid();
    }
}
