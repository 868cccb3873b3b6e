package org.jail4j.ffi.launcher;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jail4j.ffi.Os;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The launcher's FreeBSD exec mode, built from the FreeBSD file list (exec_freebsd.c with identity.c
 * and util.c) on Linux against src/test/c/jail_shim.c: jail_attach chroots into the busybox world,
 * and every attach, chdir, setgroups, setgid, setuid and execvp lands in a call log, in order.
 */
class FreeBsdExecShimTest {
    private static final int JID = 7;
    private static final String LAUNCHER_SRC = "src/main/c/launcher";
    private static final String SHIM_SRC = "src/test/c";
    private static final List<String> WRAPPED = List.of("chdir", "setgroups", "setgid", "setuid", "execvp");

    private static Path launcher;

    @RegisterExtension
    final TinyWorld world = new TinyWorld();

    private Path callLog;

    /** Builds the FreeBSD file list with the shim, through build.sh as a FreeBSD host would. */
    @BeforeAll
    static void buildWithShim() throws Exception {
        assumeTrue(Os.isLinux(), "the shim's jail_attach is a Linux chroot");
        Path out = Path.of(System.getProperty("java.io.tmpdir"), "freebsd-exec-shim");
        List<String> cmd = new ArrayList<>(List.of("sh", LAUNCHER_SRC + "/build.sh", out.toString(), "shim",
                "-I" + SHIM_SRC + "/include", SHIM_SRC + "/jail_shim.c",
                WRAPPED.stream().map(f -> "--wrap=" + f).collect(Collectors.joining(",", "-Wl,", ""))));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JAIL4J_LAUNCHER_OS", "FreeBSD");
        TinyWorld.Result r = TinyWorld.run(pb, "");
        assertEquals(0, r.status(), () -> "build.sh failed: " + r);
        launcher = out.resolve("jail4j-launcher-freebsd-shim");
        assertTrue(Files.isExecutable(launcher), () -> launcher + " missing after " + r);
    }

    /** The world's users: root and www (uid 80, home /home/www, also in staff); a /srv; the call log. */
    @BeforeEach
    void users() throws Exception {
        Path etc = world.root.resolve("etc");
        Files.writeString(etc.resolve("passwd"),
                "root:x:0:0:root:/root:/bin/sh\nwww:x:80:80:World Wide Web Owner:/home/www:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nstaff:x:20:www\nwww:x:80:\n");
        Files.createDirectories(world.root.resolve("home/www"));
        Files.createDirectories(world.root.resolve("srv"));
        // written by the command's user too, after setuid
        callLog = Files.createFile(world.root.resolve("shim.log"));
        Files.setPosixFilePermissions(callLog, PosixFilePermissions.fromString("rw-rw-rw-"));
    }

    private ProcessBuilder exec(int jid, List<String> options, String... command) {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "exec", "--jid", Integer.toString(jid)));
        cmd.addAll(options);
        cmd.add("--");
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAIL4J_SHIM_ROOT_" + JID, world.root.toString());
        pb.environment().put("JAIL4J_SHIM_LOG", callLog.toString());
        return pb;
    }

    private TinyWorld.Result run(List<String> options, String... command) throws Exception {
        return TinyWorld.run(exec(JID, options, command), "");
    }

    private List<String> calls() throws Exception {
        return Files.readAllLines(callLog);
    }

    @Test
    void attachComesBeforeChdirWhichComesBeforeTheIdentityWhichComesBeforeExec() throws Exception {
        TinyWorld.Result r = run(List.of("--user", "www", "--dir", "/srv"), "true");

        assertAll(() -> assertEquals(new TinyWorld.Result(0, "", ""), r),
                () -> assertEquals(List.of("jail_attach 7 0", "chdir /srv 0", "setgroups 80,20 0", "setgid 80 0",
                        "setuid 80 0", "setuid 0 -1 1", "execvp true"), calls()));
    }

    @Test
    void commandStartsInTheGivenDirectoryInsideTheJail() throws Exception {
        assertEquals(new TinyWorld.Result(0, "/srv\n", ""), run(List.of("--dir", "/srv"), "pwd"));
    }

    @Test
    void commandStartsAtTheJailsRootByDefault() throws Exception {
        assertEquals(new TinyWorld.Result(0, "/\n", ""), run(List.of("--user", "www"), "pwd"));
    }

    @Test
    void loginGivesExactlyTheLoginEnvironment() throws Exception {
        TinyWorld.Result r = run(List.of("--user", "www", "--login", "--env", "TERM=vt100"), "env");

        assertAll(() -> assertEquals(0, r.status(), r::toString),
                () -> assertEquals(Set.of("HOME=/home/www", "SHELL=/bin/sh", "TERM=vt100", "USER=www",
                        "PATH=/bin:/usr/bin"), Set.copyOf(r.out().lines().toList())),
                () -> assertEquals(5, r.out().lines().count(), r.out()));
    }

    @Test
    void loginStartsInTheUsersHome() throws Exception {
        assertEquals(new TinyWorld.Result(0, "/home/www\n", ""), run(List.of("--user", "www", "--login"), "pwd"));
    }

    @Test
    void envValuesWinOverTheLoginOnes() throws Exception {
        TinyWorld.Result r = run(List.of("--user", "www", "--login", "--env", "PATH=/sbin"), "/bin/env");

        assertEquals(Set.of("HOME=/home/www", "SHELL=/bin/sh", "USER=www", "PATH=/sbin"),
                Set.copyOf(r.out().lines().toList()), r::toString);
    }

    @Test
    void userRunsWithItsUidGidAndGroupsFromTheJailsFiles() throws Exception {
        TinyWorld.Result r = run(List.of("--user", "www"), "sh", "-c", "id -u; id -g; id -G");

        assertEquals(new TinyWorld.Result(0, "80\n80\n80 20\n", ""), r);
    }

    @Test
    void withoutUserTheCommandRunsAsRootWithRootsGroupAlone() throws Exception {
        TinyWorld.Result r = run(List.of(), "sh", "-c", "id -u; id -g; id -G");

        assertAll(() -> assertEquals(new TinyWorld.Result(0, "0\n0\n0\n", ""), r),
                () -> assertEquals(List.of("jail_attach 7 0", "chdir / 0", "setgroups 0 0", "setgid 0 0",
                        "setuid 0 0", "execvp sh"), calls()));
    }

    @Test
    void noVariableOfTheCallerReachesTheCommand() throws Exception {
        ProcessBuilder pb = exec(JID, List.of("--env", "FOO=bar"), "env");
        pb.environment().put("JAIL4J_LEAK_CANARY", "leaked");
        assertTrue(pb.environment().containsKey("PATH"), "the caller's environment is the JVM's");

        assertEquals(new TinyWorld.Result(0, "FOO=bar\n", ""), TinyWorld.run(pb, ""));
    }

    @Test
    void descriptorsAboveTwoAreClosedBeforeExec() throws Exception {
        // the launcher inherits descriptor 5 from the shell that starts it
        Path outside = Files.createFile(world.dir.resolve("outside"));
        ProcessBuilder pb = exec(JID, List.of(), "sh", "-c", "echo leaked >&5; echo $?");
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "exec 5>\"$0\"; exec \"$@\"", outside.toString()));
        cmd.addAll(pb.command());
        pb.command(cmd);

        TinyWorld.Result r = TinyWorld.run(pb, "");

        assertAll(() -> assertEquals("1\n", r.out(), r::toString),
                () -> assertEquals("", Files.readString(outside)));
    }

    @Test
    void exitStatusPassesThrough() throws Exception {
        assertEquals(new TinyWorld.Result(3, "", ""), run(List.of(), "sh", "-c", "exit 3"));
    }

    @Test
    void deathBySignalPassesThrough() throws Exception {
        Process p = exec(JID, List.of(), "sh", "-c", "kill -TERM $$").start();

        assertTrue(p.waitFor(TinyWorld.TIMEOUT.toSeconds(), TimeUnit.SECONDS), "command did not end");
        assertEquals(128 + 15, p.exitValue());
    }

    @Test
    void unknownUserIsASetupFailureBeforeChdir() throws Exception {
        TinyWorld.Result r = run(List.of("--user", "nosuch"), "true");

        assertAll(() -> assertEquals(new TinyWorld.Result(125, "",
                        "jail4j-launcher: user: no user nosuch in the jail's /etc/passwd\n"), r),
                () -> assertEquals(List.of("jail_attach 7 0"), calls()));
    }

    @Test
    void missingDirectoryIsASetupFailureWithEnoent() throws Exception {
        TinyWorld.Result r = run(List.of("--dir", "/nonexistent"), "true");

        assertAll(() -> assertEquals(new TinyWorld.Result(125, "",
                        "jail4j-launcher: chdir: /nonexistent: No such file or directory (errno 2)\n"), r),
                () -> assertEquals(List.of("jail_attach 7 0", "chdir /nonexistent -1 2"), calls()));
    }

    @Test
    void attachToAnUnknownJidIsASetupFailureWithEinval() throws Exception {
        TinyWorld.Result r = TinyWorld.run(exec(99, List.of(), "true"), "");

        assertAll(() -> assertEquals(new TinyWorld.Result(125, "",
                        "jail4j-launcher: jail_attach: jid 99: Invalid argument (errno 22)\n"), r),
                () -> assertEquals(List.of("jail_attach 99 -1 22"), calls()));
    }

    @Test
    void missingCommandExits127() throws Exception {
        TinyWorld.Result r = run(List.of(), "nosuch");

        assertEquals(new TinyWorld.Result(127, "",
                "jail4j-launcher: exec: nosuch: No such file or directory (errno 2)\n"), r);
    }

    @Test
    void unknownOptionIsASetupFailureBeforeAttach() throws Exception {
        TinyWorld.Result r = run(List.of("--pid", "1"), "true");

        assertAll(() -> assertEquals(new TinyWorld.Result(125, "",
                        "jail4j-launcher: arguments: unknown option for exec: --pid\n"), r),
                () -> assertEquals(List.of(), calls()));
    }

    @Test
    void commandOutsideTheJailIsNotFound() throws Exception {
        // the JVM's own java binary exists on the host, not in the world
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertTrue(Files.isExecutable(Path.of(java)));

        assertEquals(new TinyWorld.Result(127, "",
                "jail4j-launcher: exec: " + java + ": No such file or directory (errno 2)\n"), run(List.of(), java));
    }
}
