package org.jail4j.ffi.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.linux.LinuxLibs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extraction and verification of the launcher, in a cache directory of the test's own. */
class LauncherBinaryTest {
    @TempDir
    Path tmp;

    private Path cache;

    @BeforeEach
    void needsLinuxRoot() {
        assumeTrue(Os.isLinux(), "the launcher is built and shipped for Linux only");
        assumeTrue(LinuxLibs.libc().geteuid() == 0, "the launcher cache must be root-owned: run as root");
        cache = tmp.resolve("cache");
    }

    @Test
    void extractsIntoARootOnlyDirectoryNamedByTheChecksum() throws Exception {
        LauncherBinary binary = LauncherBinary.in(cache);

        Path file = binary.path();

        assertEquals(cache.resolve(binary.shippedSha256()).resolve("jail4j-launcher"), file);
        assertEquals(binary.shippedSha256(), LauncherBinary.sha256(file));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals(0, Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void extractedBinaryRunsAndReportsAnUnknownModeAsSetupFailure() throws Exception {
        Path file = LauncherBinary.in(cache).path();

        Process p = new ProcessBuilder(file.toString(), "nosuchmode").start();
        String err = new String(p.getErrorStream().readAllBytes(), UTF_8);

        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "launcher ended");
        assertEquals(125, p.exitValue());
        assertEquals("jail4j-launcher: arguments: unknown mode: nosuchmode\n", err);
    }

    @Test
    void replacesATamperedBinaryAndVerifiesItAgain() throws Exception {
        LauncherBinary binary = LauncherBinary.in(cache);
        Path file = binary.path();
        Object inodeBefore = Files.getAttribute(file, "unix:ino");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);

        Path again = binary.path();

        assertEquals(file, again);
        assertEquals(binary.shippedSha256(), LauncherBinary.sha256(again));
        assertNotEquals(inodeBefore, Files.getAttribute(again, "unix:ino"), "replaced by a new file, not patched");
    }

    @Test
    void anotherInstanceAlsoReplacesABinaryTamperedBeforeItsFirstUse() throws Exception {
        Path file = LauncherBinary.in(cache).path();
        Files.write(file, "#!/bin/sh\necho foreign\n".getBytes(UTF_8));

        LauncherBinary fresh = LauncherBinary.in(cache);

        assertEquals(fresh.shippedSha256(), LauncherBinary.sha256(fresh.path()));
    }

    @Test
    void refusesAWorldWritableCacheDirectory() throws Exception {
        Files.createDirectory(cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));

        SecurityException e = assertThrows(SecurityException.class, () -> LauncherBinary.in(cache).path());

        assertEquals("jail4j-launcher: " + cache + ": writable by group or others (rwxrwxrwx)", e.getMessage());
    }

    @Test
    void refusesAGroupWritableChecksumDirectory() throws Exception {
        LauncherBinary binary = LauncherBinary.in(cache);
        Path dir = Files.createDirectories(binary.directory());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));

        SecurityException e = assertThrows(SecurityException.class, binary::path);

        assertEquals("jail4j-launcher: " + dir + ": writable by group or others (rwxrwx---)", e.getMessage());
    }

    @Test
    void refusesACacheDirectoryNotOwnedByRoot() throws Exception {
        Files.createDirectory(cache,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(cache, "unix:uid", 65534);

        SecurityException e = assertThrows(SecurityException.class, () -> LauncherBinary.in(cache).path());

        assertEquals("jail4j-launcher: " + cache + ": owned by uid 65534, not root", e.getMessage());
    }

    @Test
    void refusesACacheDirectoryThatIsASymbolicLink() throws Exception {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Files.createSymbolicLink(cache, real);

        SecurityException e = assertThrows(SecurityException.class, () -> LauncherBinary.in(cache).path());

        assertEquals("jail4j-launcher: " + cache + ": not a directory (or a symbolic link)", e.getMessage());
    }
}
