package org.jail4j.linux;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame of every isolation test: a fresh probe world per test, in a temporary directory
 * that also holds the marker file outside the jail. Each test creates its jails through the
 * public API; the fixture removes them even when the test fails.
 */
abstract class JailProbeTest {
    /** Skips off Linux, saying why; removes every jail after the test and checks nothing is left. */
    @RegisterExtension
    final JailFixture fixture = JailFixture.forLinux();

    @TempDir
    Path dir;

    ProbeJails jails;

    @BeforeEach
    void buildWorld() {
        jails = new ProbeJails(dir, fixture);
    }
}
