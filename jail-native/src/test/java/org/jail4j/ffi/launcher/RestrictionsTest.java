package org.jail4j.ffi.launcher;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jail4j.ffi.launcher.LauncherArgs.Namespace;
import org.jail4j.ffi.linux.LinuxLibs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What root in a jail may not do (capabilities and seccomp), and the jail's file system. */
class RestrictionsTest {
    private static final EnumSet<Namespace> UTS_NET = EnumSet.of(Namespace.UTS, Namespace.NET);
    /** The capabilities every jail keeps, by number: chown, dac_override, fowner ... setfcap. */
    private static final int[] ALWAYS_KEPT = {0, 1, 3, 4, 5, 6, 7, 8, 10, 11, 15, 18, 19, 24, 28, 29, 31};
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_NET_RAW = 13;

    @RegisterExtension
    final TinyWorld world = new TinyWorld();

    private long keeper;

    private TinyWorld.Result run(UnaryOperator<LauncherArgs.Exec> options, String... command) throws Exception {
        if (keeper == 0) {
            keeper = world.startKeeper("r1", k -> k.namespaces(UTS_NET).persist(true));
        }
        return TinyWorld.run(options.apply(world.exec(keeper).namespaces(UTS_NET)).command(List.of(command)).build(),
                "");
    }

    private TinyWorld.Result run(String... command) throws Exception {
        return run(e -> e, command);
    }

    private static long hostBoundingSet() throws Exception {
        return statusHex(Files.readString(Path.of("/proc/self/status")), "CapBnd");
    }

    private static long statusHex(String status, String field) {
        Matcher m = Pattern.compile("(?m)^" + field + ":\\s+([0-9a-f]+)$").matcher(status);
        assertTrue(m.find(), field + " in " + status);
        return Long.parseUnsignedLong(m.group(1), 16);
    }

    private static long mask(int... caps) {
        long m = 0;
        for (int c : caps) {
            m |= 1L << c;
        }
        return m;
    }

    @Test
    void boundingSetKeepsOnlyWhatTheJailMayUse() throws Exception {
        TinyWorld.Result r = run("cat", "/proc/self/status");

        long expected = mask(ALWAYS_KEPT) & hostBoundingSet();
        assertAll(() -> assertEquals(0, r.status(), r.err()),
                () -> assertEquals(Long.toHexString(expected), Long.toHexString(statusHex(r.out(), "CapBnd"))),
                () -> assertEquals(Long.toHexString(expected), Long.toHexString(statusHex(r.out(), "CapEff"))),
                () -> assertEquals(0, statusHex(r.out(), "CapInh")),
                () -> assertEquals(1, statusHex(r.out(), "NoNewPrivs")),
                () -> assertEquals(2, statusHex(r.out(), "Seccomp")));
    }

    @Test
    void aJailInTheHostsNetworkKeepsNoCapNetAdminWhateverExecIsTold() throws Exception {
        long k = world.startKeeper("r4", kp -> kp.namespaces(EnumSet.of(Namespace.UTS)).persist(true));

        TinyWorld.Result r = TinyWorld.run(
                world.exec(k).namespaces(UTS_NET).command(List.of("cat", "/proc/self/status")).build(), "");

        assertEquals(0, statusHex(r.out(), "CapBnd") & (1L << CAP_NET_ADMIN));
    }

    @Test
    void onlyAVnetJailKeepsCapNetAdmin() throws Exception {
        TinyWorld.Result r = run(e -> e.vnet(true), "cat", "/proc/self/status");

        assertEquals(1L << CAP_NET_ADMIN, statusHex(r.out(), "CapBnd") & (1L << CAP_NET_ADMIN));
    }

    @Test
    void aLoopbackJailCannotChangeItsAddressesOrRoutesOrLinks() throws Exception {
        TinyWorld.Result addr = run("ip", "addr", "add", "127.0.9.9/32", "dev", "lo");
        TinyWorld.Result route = run("ip", "route", "add", "10.9.9.0/24", "dev", "lo");
        TinyWorld.Result down = run("ip", "link", "set", "lo", "down");

        assertAll(() -> assertEquals(new TinyWorld.Result(2, "", "ip: RTNETLINK answers: Operation not permitted\n"),
                        addr),
                () -> assertEquals(new TinyWorld.Result(2, "", "ip: RTNETLINK answers: Operation not permitted\n"),
                        route),
                () -> assertEquals(new TinyWorld.Result(2, "", "ip: SIOCSIFFLAGS: Operation not permitted\n"), down));
    }

    @Test
    void allowRawSocketsKeepsCapNetRaw() throws Exception {
        TinyWorld.Result r = run(e -> e.allow("raw_sockets"), "cat", "/proc/self/status");

        assertEquals(1L << CAP_NET_RAW, statusHex(r.out(), "CapBnd") & (1L << CAP_NET_RAW));
    }

    @Test
    void rawSocketsNeedAllowRawSockets() throws Exception {
        TinyWorld.Result denied = run("ping", "-c", "1", "127.0.0.1");
        TinyWorld.Result allowed = run(e -> e.allow("raw_sockets"), "ping", "-c", "1", "127.0.0.1");

        assertAll(() -> assertEquals(1, denied.status()),
                () -> assertEquals("ping: permission denied (are you root?)\n", denied.err()),
                () -> assertEquals(0, allowed.status(), allowed.err()));
    }

    @Test
    void packetSocketsFailWithEafnosupportLikeAFreeBsdJail() throws Exception {
        TinyWorld.Result r = run("arping", "-c", "1", "-I", "lo", "127.0.0.1");

        assertEquals(new TinyWorld.Result(1, "", "arping: socket: Address family not supported by protocol\n"), r);
    }

    /** set_hostname keeps CAP_SYS_ADMIN, which alone would let mnt and pid namespaces be made. */
    @ParameterizedTest
    @CsvSource({"-U, 0x10000000", "-m, 0x20000", "-p, 0x20000000"})
    void aNamespaceOfItsOwnIsDeniedWhileChildrenMaxIsZero(String option, String flag) throws Exception {
        TinyWorld.Result r = run(e -> e.allow("set_hostname"), "unshare", option, "true");

        assertEquals(new TinyWorld.Result(1, "", "unshare: unshare(" + flag + "): Operation not permitted\n"), r);
    }

    @Test
    void userNamespacesAreAllowedWithChildrenMax() throws Exception {
        TinyWorld.Result r = run(e -> e.childrenMax(1), "unshare", "-U", "true");

        assertEquals(new TinyWorld.Result(0, "", ""), r);
    }

    @Test
    void noMemoryMayBeLockedWithoutAllowMlock() throws Exception {
        TinyWorld.Result r = run("sh", "-c", "ulimit -l; ulimit -H -l");

        assertEquals(new TinyWorld.Result(0, "0\n0\n", ""), r);
    }

    @Test
    void deviceNodesCannotBeMade() throws Exception {
        TinyWorld.Result r = run("mknod", "/root/mem", "c", "1", "1");

        assertEquals(new TinyWorld.Result(1, "", "mknod: /root/mem: Operation not permitted\n"), r);
    }

    @Test
    void kernelMessagesNeedAllowReadMsgbuf() throws Exception {
        TinyWorld.Result r = run("dmesg");

        assertEquals(new TinyWorld.Result(1, "", "dmesg: klogctl: Operation not permitted\n"), r);
    }

    @Test
    void theClockCannotBeSet() throws Exception {
        TinyWorld.Result r = run("date", "-s", "2020-01-01");

        // busybox date exits 0 even when settimeofday fails: its message is the evidence
        assertEquals("date: can't set date: Operation not permitted\n", r.err());
    }

    /** Where the cgroup2 hierarchy is mounted whole (/sys/fs/cgroup, or .../unified on a hybrid host). */
    private static Path cgroup2Mount() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (line.contains(" - cgroup2 ") && f[3].equals("/")) {
                return Path.of(f[4]);
            }
        }
        return null;
    }

    @Test
    void execJoinsTheKeepersCgroupSoTheJailsLimitsHoldForEveryCommand() throws Exception {
        Path mount = cgroup2Mount();
        assumeTrue(mount != null, "a cgroup2 hierarchy is mounted");
        Path cg = Files.createDirectory(mount.resolve("jail4j-test-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime()));
        long k = 0;
        try {
            k = world.startKeeper("cg", kp -> kp.persist(true));
            Files.writeString(cg.resolve("cgroup.procs"), Long.toString(k));

            TinyWorld.Result r = TinyWorld.run(world.exec(k).command(List.of("cat", "/proc/self/cgroup")).build(), "");

            assertTrue(r.out().lines().anyMatch(l -> l.equals("0::/" + cg.getFileName())), r.out());
        } finally {
            if (k != 0) {
                LinuxLibs.libc().kill((int) k, 9);
                assertTrue(TinyWorld.awaitGone(k), "keeper ended");
            }
            removeWhenEmpty(cg);
        }
    }

    /** rmdir once the kernel has taken the last process out (it does so as the processes exit). */
    private static void removeWhenEmpty(Path cg) throws Exception {
        long deadline = System.nanoTime() + TinyWorld.TIMEOUT.toNanos();
        while (!Files.readString(cg.resolve("cgroup.procs")).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        Files.delete(cg);
    }

    @Test
    void procFilesAboutTheHostKernelReadEmpty() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/timer_list")), "this kernel has /proc/timer_list");

        TinyWorld.Result r = run("sh", "-c", "wc -c < /proc/timer_list; grep -c /proc/timer_list /proc/self/mountinfo");

        assertEquals(new TinyWorld.Result(0, "0\n1\n", ""), r);
    }

    @Test
    void bindsAndTmpfsAppearInTheJailOnly() throws Exception {
        Path data = Files.createDirectories(world.dir.resolve("data"));
        Files.writeString(data.resolve("f"), "shared\n");
        long k = world.startKeeper("r2", kp -> kp.bind(data, "/data", true).bind(data, "/rw", false).tmpfs("/scratch")
                .persist(true));

        TinyWorld.Result r = TinyWorld.run(world.exec(k).command(List.of("sh", "-c",
                "cat /data/f; touch /data/g || echo ro; touch /rw/h && echo rw; stat -f -c %T /scratch")).build(), "");

        assertEquals(new TinyWorld.Result(0, "shared\nro\nrw\ntmpfs\n", "touch: /data/g: Read-only file system\n"), r);
        assertTrue(Files.exists(data.resolve("h")), "the rw bind writes through to the host");
    }

    @Test
    void aSymbolicLinkInTheJailCannotSendAMountOutsideIt() throws Exception {
        Path outside = Files.createDirectories(world.dir.resolve("outside"));
        Files.createSymbolicLink(world.root.resolve("escape"), outside);
        List<String> cmd = LauncherArgs.keeper(world.launcher).name("r3").jid(3).root(world.root).readyFd(1)
                .tmpfs("/escape/t").build();

        TinyWorld.Result r = TinyWorld.run(cmd, "");

        // resolved inside the jail root, the link leads nowhere: the keeper refuses instead of following it out
        assertAll(() -> assertEquals(new TinyWorld.Result(125, "ERROR mountpoint 2 resolve /escape in the jail root\n",
                "jail4j-launcher: mountpoint: resolve /escape in the jail root: No such file or directory (errno 2)\n"),
                r),
                () -> assertFalse(Files.exists(outside.resolve("t")), "nothing made on the host path"));
    }
}
