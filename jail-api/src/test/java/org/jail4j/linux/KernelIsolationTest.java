package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jail4j.JailParams;
import org.junit.jupiter.api.Test;

/**
 * What jailed root may never do on FreeBSD (priv(9): PRIV_KLD_*, PRIV_VFS_MKNOD_DEV, PRIV_IO,
 * reboot, swapon, the clock unless allow.settime): each refused with EPERM.
 */
class KernelIsolationTest extends JailProbeTest {
    @Test
    void loadingAKernelModuleFailsWithEperm() {
        assertEquals("DENIED EPERM", jails.probe("init-module"));
    }

    @Test
    void loadingAKernelModuleFromAFileFailsWithEperm() {
        assertEquals("DENIED EPERM", jails.probe("finit-module"));
    }

    @Test
    void creatingACharacterDeviceFailsWithEperm() {
        assertEquals("DENIED EPERM", jails.probe("mknod-char", "/tmp/probe-char"));
    }

    @Test
    void creatingABlockDeviceFailsWithEperm() {
        assertEquals("DENIED EPERM", jails.probe("mknod-block", "/tmp/probe-block"));
    }

    @Test
    void rebootFailsWithEperm() {
        assertEquals("DENIED EPERM", jails.probe("reboot"));
    }

    @Test
    void settingTheClockFailsWithEperm() {
        assertEquals("DENIED EPERM", jails.probe("settime"));
    }

    @Test
    void settingTheClockSucceedsWithAllowSettime() {
        assertEquals("OK", jails.probe(s -> s.set(JailParams.ALLOW_SETTIME, true), "settime"));
    }

    @Test
    void swaponFailsWithEpermBeforeLookingForTheFile() {
        assertEquals("DENIED EPERM", jails.probe("swapon", "/tmp/no-such-swap"));
    }

    @Test
    void raisingTheIoPrivilegeLevelFailsWithEperm() {
        assertEquals("DENIED EPERM", jails.probe("iopl"));
    }

    @Test
    void openingIoPortsFailsWithEperm() {
        assertEquals("DENIED EPERM", jails.probe("ioperm"));
    }

    @Test
    void loadingANewKernelFailsWithEperm() {
        assertEquals("DENIED EPERM", jails.probe("kexec"));
    }
}
