package org.jail4j.ffi.linux;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jail4j.ffi.Os;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Process contract run in a real jail: a keeper started through the native launcher for each
 * test class, rooted in a tiny busybox world (Debian's busybox-static copied into the root, with
 * links for the commands the tests use), ended after the class even when a test failed.
 */
abstract class KeeperProcessContractTest extends ProcessContractTest {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    static final String NAMESPACES = "mnt,pid,uts,ipc";
    private static final List<String> APPLETS = List.of("sh", "cat", "true", "sleep", "echo", "kill");

    static StandaloneKeeper keeper;

    @BeforeAll
    static void startKeeper() throws Exception {
        assumeTrue(Os.isLinux(), "keepers are Linux namespaces");
        assumeTrue(LinuxLibs.libc().geteuid() == 0, "a keeper needs root (unshare, pivot_root)");
        assumeTrue(Files.isExecutable(BUSYBOX), "the busybox world needs " + BUSYBOX + " (Debian busybox-static)");
        keeper = StandaloneKeeper.start("process-contract", NAMESPACES, KeeperProcessContractTest::busyboxWorld,
                List.of());
    }

    @AfterAll
    static void stopKeeper() throws Exception {
        if (keeper != null) {
            keeper.close();
            keeper = null;
        }
    }

    private static void busyboxWorld(Path root) throws java.io.IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(BUSYBOX, root.resolve("bin/busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
    }
}
