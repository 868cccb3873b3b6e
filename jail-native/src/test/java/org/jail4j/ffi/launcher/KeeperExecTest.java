package org.jail4j.ffi.launcher;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jail4j.ffi.launcher.LauncherArgs.Namespace;
import org.jail4j.ffi.linux.LinuxLibs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** keeper and exec end to end, as root, on a busybox world. */
class KeeperExecTest {
    private static final EnumSet<Namespace> UTS_NET = EnumSet.of(Namespace.UTS, Namespace.NET);

    @RegisterExtension
    final TinyWorld world = new TinyWorld();

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
    void keeperHoldsAtMostOneMebibyteOfMemory() throws Exception {
        long k = keeper();

        String status = Files.readString(Path.of("/proc/" + k + "/status"));

        Matcher m = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB$").matcher(status);
        assertTrue(m.find(), status);
        assertTrue(Long.parseLong(m.group(1)) <= 1024, "keeper RSS " + m.group(1) + " kB");
    }

    @Test
    void theJailCannotReadTheKeepersEnvironment() throws Exception {
        TinyWorld.Result r = exec(keeper(), "sh", "-c", "tr -d '\\000' < /proc/1/environ | wc -c");

        assertEquals(new TinyWorld.Result(0, "0\n", ""), r);
    }

    @Test
    void keeperArgumentsNameTheJailForReconcile() throws Exception {
        long k = keeper();

        List<String> args = List.of(Files.readString(Path.of("/proc/" + k + "/cmdline")).split("\0"));

        assertEquals(List.of("keeper", "--name", "t1", "--jid", "1", "--root", world.root.toString()),
                args.subList(1, 8));
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

        assertEquals(new TinyWorld.Result(125, "",
                "jail4j-launcher: user: no user www in the jail's /etc/passwd\n"), r);
    }

    @Test
    void missingCommandExits127() throws Exception {
        TinyWorld.Result r = exec(keeper(), "nosuchcommand");

        assertEquals(new TinyWorld.Result(127, "",
                "jail4j-launcher: exec: nosuchcommand: No such file or directory (errno 2)\n"), r);
    }

    @Test
    void execIntoAMissingKeeperIsASetupFailure() throws Exception {
        TinyWorld.Result r = TinyWorld.run(LauncherArgs.exec(world.launcher).pid(0x7ffffffe).command(List.of("true"))
                .build(), "");

        assertEquals(new TinyWorld.Result(125, "",
                "jail4j-launcher: pidfd_open: keeper 2147483646: No such process (errno 3)\n"), r);
    }

    @Test
    void execRefusesAProcessThatIsNoKeeper() throws Exception {
        long self = ProcessHandle.current().pid();

        TinyWorld.Result r = TinyWorld.run(
                LauncherArgs.exec(world.launcher).pid((int) self).command(List.of("true")).build(), "");

        assertEquals(new TinyWorld.Result(125, "", "jail4j-launcher: setns: process " + self
                + " is no jail keeper: it shares the mnt namespace of the host: Operation not permitted (errno 1)\n"),
                r);
    }

    @Test
    void unknownOptionIsASetupFailure() throws Exception {
        List<String> cmd = List.of(world.launcher.toString(), "exec", "--pid", "1", "--frobnicate", "x");

        TinyWorld.Result r = TinyWorld.run(cmd, "");

        assertEquals(new TinyWorld.Result(125, "",
                "jail4j-launcher: arguments: unknown option for exec: --frobnicate\n"), r);
    }

    @Test
    void keeperSetupFailureIsReportedOnTheReadyFd() throws Exception {
        List<String> cmd = LauncherArgs.keeper(world.launcher).name("bad").jid(2).root(world.dir.resolve("missing"))
                .readyFd(1).build();

        TinyWorld.Result r = TinyWorld.run(cmd, "");

        Path missing = world.dir.resolve("missing");
        assertEquals(new TinyWorld.Result(125, "ERROR root 2 " + missing + "\n",
                "jail4j-launcher: root: " + missing + ": No such file or directory (errno 2)\n"), r);
    }

    @Test
    void sigtermToTheLauncherIsForwardedToTheCommand() throws Exception {
        long k = keeper();
        Process sleeper = new ProcessBuilder(world.exec(k).namespaces(UTS_NET).command(List.of("sleep", "1000"))
                .build()).start();
        assertEquals(0, exec(k, "sh", "-c", "until ps -o comm | grep -q sleep; do :; done").status());

        sleeper.destroy();

        assertTrue(sleeper.waitFor(TinyWorld.TIMEOUT.toSeconds(), TimeUnit.SECONDS), "sleeper ended");
        assertEquals(128 + 15, sleeper.exitValue());
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

        // shorter than the keeper's look at /proc: the pid namespace's last pid tells it anyway
        assertEquals(0, exec(k, "true").status());

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
    void execEntersEveryNamespaceOfTheKeeperEvenWhenNotListed() throws Exception {
        long k = world.startKeeper("t4", kp -> kp.namespaces(UTS_NET).hostname("t4.example").loAddr("10.4.4.4/32")
                .persist(true));

        TinyWorld.Result r = TinyWorld.run(world.exec(k).command(List.of("sh", "-c",
                "hostname; ip -o -4 addr show dev lo | grep -c 10.4.4.4")).build(), "");

        assertEquals(new TinyWorld.Result(0, "t4.example\n1\n", ""), r);
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
    void aJailRootedAtTheHostsRootGetsItsOwnProcAndDev() throws Exception {
        long k = world.startKeeper("whole", kp -> kp.root(Path.of("/")).namespaces(UTS_NET).hostname("whole")
                .persist(true));
        String bb = TinyWorld.BUSYBOX.toString();

        TinyWorld.Result host = exec(k, bb, "hostname");
        TinyWorld.Result dev = exec(k, bb, "ls", "/dev");
        TinyWorld.Result ps = exec(k, bb, "ps", "-o", "pid,comm");

        assertAll(() -> assertEquals(new TinyWorld.Result(0, "whole\n", ""), host),
                () -> assertEquals(new TinyWorld.Result(0, "fd\nfull\nnull\nptmx\npts\nrandom\nshm\nstderr\nstdin\n"
                        + "stdout\ntty\nurandom\nzero\n", ""), dev),
                () -> assertEquals(3, ps.out().strip().lines().count(), ps.out()));
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

        assertEquals(new TinyWorld.Result(1, "",
                "sh: can't create /proc/sys/kernel/core_pattern: Read-only file system\n"), r);
    }
}
