package org.jail4j.linux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jail4j.JailParams;
import org.junit.jupiter.api.Test;

/**
 * What jailed root may never do on FreeBSD (priv(9): PRIV_KLD_*, PRIV_VFS_MKNOD_DEV, PRIV_IO,
 * reboot, swapon, the clock unless allow.settime, host sysctls): each refused.
 */
class KernelIsolationTest extends JailProbeTest {
    private static final Path CORE_PATTERN = Path.of("/proc/sys/kernel/core_pattern");
    private static final Path SYSRQ_TRIGGER = Path.of("/proc/sysrq-trigger");

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

    /**
     * Linux has no per-jail sysctl tree: a write through /proc/sys changes the host (core_pattern
     * names a program the host kernel runs as root). FreeBSD refuses a jail's write to a host
     * sysctl; on Linux that refusal is a read-only /proc/sys, so EROFS. The probe writes the value
     * already there, so the host is unchanged either way.
     */
    @Test
    void writingAHostKernelSettingFailsWithErofs() throws IOException {
        String current = Files.readString(CORE_PATTERN, UTF_8).strip();
        assertEquals("DENIED EROFS", jails.probe("write", CORE_PATTERN.toString(), current));
    }

    /** "b" here reboots the host; the probe writes "h", which only logs the help text. */
    @Test
    void theSysrqTriggerFailsWithErofs() {
        assumeTrue(Files.exists(SYSRQ_TRIGGER), "this kernel has no magic SysRq key (no " + SYSRQ_TRIGGER + ")");
        assertEquals("DENIED EROFS", jails.probe("write", SYSRQ_TRIGGER.toString(), "h"));
    }

    @Test
    void loadingANewKernelFailsWithEperm() {
        assertEquals("DENIED EPERM", jails.probe("kexec"));
    }
}
