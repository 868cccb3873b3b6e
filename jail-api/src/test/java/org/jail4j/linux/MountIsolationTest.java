package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.jail4j.JailParams;
import org.junit.jupiter.api.Test;

/**
 * Mounts: jailed root mounts only with allow.mount, allow.mount.&lt;fs&gt; and enforce_statfs &lt; 2,
 * never unmounts what it did not mount, and with enforce_statfs=2 sees no host mount.
 */
class MountIsolationTest extends JailProbeTest {
    @Test
    void mountingTmpfsFailsWithEpermByDefault() {
        assertEquals("DENIED EPERM", jails.probe("mount-tmpfs", "/mnt"));
    }

    @Test
    void mountingTmpfsSucceedsWithAllowMountTmpfsAndEnforceStatfsOne() {
        assertEquals("OK", jails.probe(s -> s.set(JailParams.ALLOW_MOUNT, true)
                .set(JailParams.ALLOW_MOUNT_TMPFS, true).set(JailParams.ENFORCE_STATFS, 1), "mount-tmpfs", "/mnt"));
    }

    @Test
    void mountingTmpfsFailsWithEpermWhenEnforceStatfsIsTwo() {
        assertEquals("DENIED EPERM", jails.probe(s -> s.set(JailParams.ALLOW_MOUNT, true)
                .set(JailParams.ALLOW_MOUNT_TMPFS, true).set(JailParams.ENFORCE_STATFS, 2), "mount-tmpfs", "/mnt"));
    }

    @Test
    void mountingTmpfsFailsWithEpermWithoutAllowMountTmpfs() {
        assertEquals("DENIED EPERM", jails.probe(s -> s.set(JailParams.ALLOW_MOUNT, true)
                .set(JailParams.ENFORCE_STATFS, 1), "mount-tmpfs", "/mnt"));
    }

    @Test
    void unmountingTheRootFailsWithEperm() {
        assertEquals("DENIED EPERM", jails.probe("umount", "/"));
    }

    @Test
    void theJailsOwnProcIsInItsMountListing() {
        assertEquals("OK", jails.probe("mount-seen", "/proc"));
    }

    @Test
    void aHostMountIsNotInTheMountListingWithEnforceStatfsTwo() throws IOException {
        try (HostMount host = HostMount.tmpfs(dir.resolve("hostmnt"))) {
            assertEquals("DENIED ENOENT", jails.probe(s -> s.set(JailParams.ENFORCE_STATFS, 2),
                    "mount-seen", host.source()));
        }
    }
}
