package org.jail4j.ffi.launcher;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.launcher.LauncherArgs.Namespace;
import org.jail4j.ffi.linux.LinuxLibs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keeper and exec end to end, as root, on a busybox world. */
class KeeperExecTest {
    private static final EnumSet<Namespace> UTS_NET = EnumSet.of(Namespace.UTS, Namespace.NET);

    @TempDir
    static Path cache;

    @TempDir
    Path dir;

    private static Path launcher;
    private TinyWorld world;

    @BeforeAll
    static void extract() {
        assumeTrue(Os.isLinux(), "keeper and exec need Linux namespaces");
        assumeTrue(LinuxLibs.libc().geteuid() == 0, "making namespaces and mounts needs root");
        assumeTrue(Files.isExecutable(TinyWorld.BUSYBOX), "the test world is Debian's busybox-static at /bin/busybox");
        launcher = LauncherBinary.in(cache.resolve("launcher")).path();
    }

    @BeforeEach
    void makeWorld() throws Exception {
        world = new TinyWorld(dir.resolve("world"), launcher);
    }

    @AfterEach
    void killKeepers() throws Exception {
        world.close();
    }

    private long keeper() throws Exception {
        return world.startKeeper("t1", k -> k.namespaces(UTS_NET).hostname("t1.example").persist(true));
    }

    private TinyWorld.Result exec(long keeper, LauncherArgs.Exec exec) throws Exception {
        return TinyWorld.run(exec.namespaces(UTS_NET).build(), "");
    }

    private TinyWorld.Result exec(long keeper, String... command) throws Exception {
        return exec(keeper, world.exec(keeper).command(List.of(command)));
    }

    @Test
    void execSeesTheJailHostname() throws Exception {
        TinyWorld.Result r = exec(keeper(), "hostname");

        assertEquals(new TinyWorld.Result(0, "t1.example\n", ""), r);
    }

    @Test
    void psInTheJailShowsOnlyTheKeeperAndItself() throws Exception {
        TinyWorld.Result r = exec(keeper(), "ps", "-o", "pid,comm");

        List<String> lines = r.out().strip().lines().map(String::strip).toList();
        assertAll(() -> assertEquals(0, r.status()),
                () -> assertEquals(3, lines.size(), r.out()),
                () -> assertEquals("1 jail4j-keeper", lines.get(1).replaceAll("\\s+", " ")),
                () -> assertTrue(lines.get(2).endsWith(" ps"), lines.get(2)));
    }

    @Test
    void userIsLookedUpInTheJailsPasswdAndGroup() throws Exception {
        long k = keeper();

        TinyWorld.Result r = exec(k, world.exec(k).user("nobody").command(List.of("sh", "-c", "id -u; id -g; id -G")));

        assertEquals(new TinyWorld.Result(0, "65534\n65534\n65534 100\n", ""), r);
    }

    @Test
    void numericIdsNeedNoLookup() throws Exception {
        long k = keeper();

        TinyWorld.Result r = exec(k, world.exec(k).ids(1234, 4321, List.of(4321L, 77L))
                .command(List.of("sh", "-c", "id -u; id -g; id -G")));

        assertEquals(new TinyWorld.Result(0, "1234\n4321\n4321 77\n", ""), r);
    }

    @Test
    void commandStartsInTheGivenDirectory() throws Exception {
        long k = keeper();

        TinyWorld.Result r = exec(k, world.exec(k).dir("/etc").command(List.of("pwd")));

        assertEquals(new TinyWorld.Result(0, "/etc\n", ""), r);
    }

    @Test
    void loginGivesACleanEnvironmentInTheHomeDirectory() throws Exception {
        long k = keeper();

        TinyWorld.Result r = exec(k, world.exec(k).user("nobody").login(true).env("TERM", "dumb")
                .command(List.of("sh", "-c", "pwd; env | grep -v -e ^PWD= -e ^SHLVL= | LC_ALL=C sort")));

        assertEquals(new TinyWorld.Result(0, "/home/nobody\nHOME=/home/nobody\nPATH=/bin:/usr/bin:/sbin:/usr/sbin\n"
                + "SHELL=/bin/sh\nTERM=dumb\nUSER=nobody\n", ""), r);
    }

    @Test
    void noEnvironmentIsInheritedUnlessGiven() throws Exception {
        long k = keeper();

        TinyWorld.Result r = exec(k, world.exec(k).env("ONLY", "this").command(List.of("/bin/env")));

        assertEquals(new TinyWorld.Result(0, "ONLY=this\n", ""), r);
    }

    @Test
    void exitStatusPassesThrough() throws Exception {
        TinyWorld.Result r = exec(keeper(), "sh", "-c", "exit 3");

        assertEquals(3, r.status());
    }

    @Test
    void deathBySignalPassesThroughAs128PlusTheSignal() throws Exception {
        TinyWorld.Result r = exec(keeper(), "sh", "-c", "kill -TERM $$");

        assertEquals(128 + 15, r.status());
    }

    @Test
    void setupFailureExits125WithOneParseableLine() throws Exception {
        long k = keeper();

        TinyWorld.Result r = exec(k, world.exec(k).dir("/nonexistent").command(List.of("true")));

        assertEquals(new TinyWorld.Result(125, "",
                "jail4j-launcher: chdir: /nonexistent: No such file or directory (errno 2)\n"), r);
    }

    @Test
    void unknownUserIsASetupFailure() throws Exception {
        long k = keeper();

        TinyWorld.Result r = exec(k, world.exec(k).user("www").command(List.of("true")));

        assertEquals(new TinyWorld.Result(125, "", "jail4j-launcher: user: no user www in the jail's /etc/passwd\n"), r);
    }

    @Test
    void missingCommandExits127() throws Exception {
        TinyWorld.Result r = exec(keeper(), "nosuchcommand");

        assertEquals(new TinyWorld.Result(127, "",
                "jail4j-launcher: exec: nosuchcommand: No such file or directory (errno 2)\n"), r);
    }

    @Test
    void execIntoAMissingKeeperIsASetupFailure() throws Exception {
        TinyWorld.Result r = TinyWorld.run(LauncherArgs.exec(launcher).pid(0x7ffffffe).command(List.of("true"))
                .build(), "");

        assertEquals(new TinyWorld.Result(125, "",
                "jail4j-launcher: pidfd_open: keeper 2147483646: No such process (errno 3)\n"), r);
    }

    @Test
    void execRefusesAProcessThatIsNoKeeper() throws Exception {
        long self = ProcessHandle.current().pid();

        TinyWorld.Result r = TinyWorld.run(LauncherArgs.exec(launcher).pid((int) self).command(List.of("true")).build(),
                "");

        assertEquals(new TinyWorld.Result(125, "", "jail4j-launcher: setns: process " + self
                + " is no jail keeper: it shares the mnt namespace of the host: Operation not permitted (errno 1)\n"), r);
    }

    @Test
    void unknownOptionIsASetupFailure() throws Exception {
        TinyWorld.Result r = TinyWorld.run(List.of(launcher.toString(), "exec", "--pid", "1", "--frobnicate", "x"),
                "");

        assertEquals(new TinyWorld.Result(125, "", "jail4j-launcher: arguments: unknown option for exec: --frobnicate\n"),
                r);
    }

    @Test
    void keeperSetupFailureIsReportedOnTheReadyFd() throws Exception {
        List<String> cmd = LauncherArgs.keeper(launcher).name("bad").jid(2).root(dir.resolve("missing")).readyFd(1)
                .build();

        TinyWorld.Result r = TinyWorld.run(cmd, "");

        String detail = "bind " + dir.resolve("missing") + " on itself";
        assertEquals(new TinyWorld.Result(125, "ERROR mount 2 " + detail + "\n",
                "jail4j-launcher: mount: " + detail + ": No such file or directory (errno 2)\n"), r);
    }

    @Test
    void sigtermToTheKeeperEndsEveryProcessInTheJail() throws Exception {
        long k = keeper();
        Process sleeper = new ProcessBuilder(world.exec(k).namespaces(UTS_NET).command(List.of("sleep", "1000"))
                .build()).start();
        // the sleeper is in the jail once ps there sees it
        assertEquals(0, exec(k, "sh", "-c", "until ps -o comm | grep -q sleep; do :; done").status());

        assertEquals(0, LinuxLibs.libc().kill((int) k, 15));

        assertTrue(sleeper.waitFor(TinyWorld.TIMEOUT.toSeconds(), TimeUnit.SECONDS), "sleeper killed");
        assertEquals(128 + 9, sleeper.exitValue());
        assertTrue(TinyWorld.awaitGone(k), "keeper ended");
    }

    @Test
    void keeperWithoutPersistEndsAfterItsLastProcess() throws Exception {
        long k = world.startKeeper("t2", kp -> kp.namespaces(UTS_NET));

        // long enough for the keeper's periodic look at /proc to see it
        assertEquals(0, exec(k, "sleep", "1").status());

        assertTrue(TinyWorld.awaitGone(k), "keeper ended after the jail emptied");
    }

    @Test
    void loopbackIsUpWithTheGivenAddresses() throws Exception {
        long k = world.startKeeper("t3", kp -> kp.namespaces(UTS_NET).loAddr("10.1.2.3/32").loAddr("fd00::3/128")
                .persist(true));

        TinyWorld.Result r = exec(k, "ip", "-o", "addr", "show", "dev", "lo");

        assertAll(() -> assertEquals(0, r.status()),
                () -> assertTrue(r.out().contains("inet 127.0.0.1/8"), r.out()),
                () -> assertTrue(r.out().contains("inet 10.1.2.3/32"), r.out()),
                () -> assertTrue(r.out().contains("inet6 fd00::3/128"), r.out()));
    }

    @Test
    void hostnameCannotBeChangedWithoutAllowSetHostname() throws Exception {
        TinyWorld.Result r = exec(keeper(), "hostname", "other");

        assertEquals(new TinyWorld.Result(1, "", "hostname: sethostname: Operation not permitted\n"), r);
    }

    @Test
    void hostnameCanBeChangedWithAllowSetHostname() throws Exception {
        long k = keeper();

        TinyWorld.Result set = exec(k, world.exec(k).allow("allow.set_hostname").command(List.of("hostname", "other")));
        TinyWorld.Result read = exec(k, "hostname");

        assertEquals(0, set.status(), set.err());
        assertEquals("other\n", read.out());
    }

    @Test
    void mountIsDeniedWithoutAllowMount() throws Exception {
        TinyWorld.Result r = exec(keeper(), "mount", "-t", "tmpfs", "none", "/root");

        // busybox reports mount(2)'s EPERM in its own words
        assertEquals(new TinyWorld.Result(1, "", "mount: permission denied (are you root?)\n"), r);
    }

    @Test
    void devHoldsTheMinimalDevices() throws Exception {
        TinyWorld.Result r = exec(keeper(), "sh", "-c",
                "for d in null zero full random urandom tty; do test -c /dev/$d || echo missing $d; done; "
                        + "readlink /dev/ptmx; test -c /dev/pts/ptmx && echo pts; test -d /dev/shm && echo shm; "
                        + "echo x > /dev/null && echo written");

        assertEquals(new TinyWorld.Result(0, "pts/ptmx\npts\nshm\nwritten\n", ""), r);
    }

    @Test
    void procSysIsReadOnlySoCorePatternCannotReachTheHost() throws Exception {
        TinyWorld.Result r = exec(keeper(), "sh", "-c", "echo '|/bin/sh' > /proc/sys/kernel/core_pattern");

        assertEquals(new TinyWorld.Result(1, "", "sh: can't create /proc/sys/kernel/core_pattern: Read-only file system\n"),
                r);
    }
}
