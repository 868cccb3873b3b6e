package org.jail4j.linux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.jail4j.ExecSpec;
import org.jail4j.Jail;
import org.junit.jupiter.api.Test;

/**
 * A jailed process given the caller's terminal cannot type into it (TIOCSTI), nor take the
 * terminal over to do so: the terminal belongs to the caller's session, not the jail's.
 */
class TerminalIsolationTest extends JailProbeTest {
    /** Linux 6.2+: with dev.tty.legacy_tiocsti=0 TIOCSTI fails with EIO for all but CAP_SYS_ADMIN. */
    private static final Path LEGACY_TIOCSTI = Path.of("/proc/sys/dev/tty/legacy_tiocsti");

    @Test
    void injectingIntoTheCallersTerminalFails() throws IOException {
        String line = probeOnTheCallersTerminal("tiocsti");
        if (Files.exists(LEGACY_TIOCSTI) && Files.readString(LEGACY_TIOCSTI, UTF_8).strip().equals("0")) {
            // The kernel itself refuses (EIO) unless a seccomp filter answered first (EPERM).
            assertTrue(Set.of("DENIED EIO", "DENIED EPERM").contains(line), line);
        } else {
            assertEquals("DENIED EPERM", line);
        }
    }

    @Test
    void takingOverTheCallersTerminalFailsWithEperm() {
        assertEquals("DENIED EPERM", probeOnTheCallersTerminal("tiocsctty"));
    }

    private String probeOnTheCallersTerminal(String probe) {
        try (HostTerminal tty = HostTerminal.open(); Jail jail = jails.create(s -> { })) {
            return ProbeJails.probe(jail, ExecSpec.builder(ProbeJails.command(probe))
                    .redirectInput(ProcessBuilder.Redirect.from(tty.device())));
        }
    }
}
