package org.jail4j.freebsd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jail4j.ExecSpec;
import org.junit.jupiter.api.Test;

class ExecCommandTest {
    @Test
    void plainCommandIsJexecJidCommand() {
        assertEquals(List.of("/usr/sbin/jexec", "7", "/bin/hostname"),
                ExecCommand.jexec(7, ExecSpec.of(List.of("/bin/hostname"))));
    }

    @Test
    void loginUserAndDirectoryBecomeJexecOptions() {
        ExecSpec s = ExecSpec.builder("/bin/sh", "-c", "id").login(true).user("www").directory("/var/www").build();
        assertEquals(List.of("/usr/sbin/jexec", "-l", "-U", "www", "-d", "/var/www", "12", "/bin/sh", "-c", "id"),
                ExecCommand.jexec(12, s));
    }

    @Test
    void launcherGetsJidOptionsAndTheCommandAfterDashDash() {
        ExecSpec s = ExecSpec.builder("ls", "-l").user("www").directory("/tmp")
                .environment(Map.of("A", "1")).build();
        assertEquals(List.of("/opt/l", "exec", "--jid", "3", "--dir", "/tmp", "--user", "www", "--env", "A=1", "--",
                "ls", "-l"), ExecCommand.launcher(Path.of("/opt/l"), 3, s));
    }

    @Test
    void defaultEnvironmentIsCleanNotTheJvms() {
        Map<String, String> env = ExecCommand.environment(ExecSpec.of(List.of("env")));
        assertEquals(Map.of("PATH", "/sbin:/bin:/usr/sbin:/usr/bin", "HOME", "/root", "USER", "root",
                "SHELL", "/bin/sh", "TERM", "dumb"), env);
    }

    @Test
    void loginLeavesTheEnvironmentToJexec() {
        assertEquals(Map.of(), ExecCommand.environment(ExecSpec.builder("env").login(true).build()));
    }
}
