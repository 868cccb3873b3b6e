package org.jail4j.linux;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import org.jail4j.ffi.Os;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame of every isolation test: a fresh probe world per test, in a temporary directory
 * that also holds the marker file outside the jail. Each test creates its jails through the
 * public API and removes them with try-with-resources, so a failing test leaves none behind.
 */
abstract class JailProbeTest {
    @TempDir
    Path dir;

    ProbeJails jails;

    @BeforeAll
    static void onLinux() {
        assumeTrue(Os.isLinux(), "the isolation probes run in Linux jails (namespaces, seccomp)");
    }

    @BeforeEach
    void buildWorld() {
        jails = new ProbeJails(dir);
    }
}
