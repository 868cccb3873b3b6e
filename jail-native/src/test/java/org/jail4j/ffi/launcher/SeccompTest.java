package org.jail4j.ffi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jail4j.ffi.launcher.LauncherArgs.Namespace;
import org.jail4j.ffi.launcher.LauncherArgs.SysvIpc;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seccomp filter, call by call, from the host's python3 (its /usr bound read-only into the jail):
 * busybox cannot make these calls, and each answer here is one that capabilities alone would not give.
 */
class SeccompTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final EnumSet<Namespace> UTS_NET = EnumSet.of(Namespace.UTS, Namespace.NET);
    private static final String PRELUDE = String.join("\n",
            "import ctypes, errno, socket, os, threading",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "def name(r):",
            "    return 'ok' if r >= 0 else errno.errorcode[ctypes.get_errno()]",
            "def sock(family, kind):",
            "    try:",
            "        socket.socket(family, kind).close()",
            "        return 'ok'",
            "    except OSError as e:",
            "        return errno.errorcode[e.errno]",
            "");

    @RegisterExtension
    final TinyWorld world = new TinyWorld();

    private long keeper;

    @BeforeEach
    void startKeeperWithPython() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "these calls are made from the host's python3");
        assumeTrue(Files.isSymbolicLink(Path.of("/lib64")), "the host's libraries live under /usr (merged /usr)");
        Files.createSymbolicLink(world.root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(world.root.resolve("lib64"), Path.of("usr/lib64"));
        keeper = world.startKeeper("py", k -> k.namespaces(UTS_NET).bind(Path.of("/usr"), "/usr", true).persist(true));
    }

    private TinyWorld.Result python(UnaryOperator<LauncherArgs.Exec> options, String code) throws Exception {
        List<String> cmd = options.apply(world.exec(keeper).namespaces(UTS_NET))
                .command(List.of(PYTHON.toString(), "-c", PRELUDE + code)).build();
        return TinyWorld.run(cmd, "");
    }

    private TinyWorld.Result python(String code) throws Exception {
        return python(e -> e, code);
    }

    @Test
    void ioUringIsDeniedBecauseItWouldMakeSocketsPastTheFilter() throws Exception {
        TinyWorld.Result r = python("print(name(libc.syscall(425, 8, ctypes.c_void_p(0))))");

        assertEquals(new TinyWorld.Result(0, "EPERM\n", ""), r);
    }

    @Test
    void clone3AnswersEnosysAndThreadsAndForkStillWork() throws Exception {
        TinyWorld.Result r = python(String.join("\n",
                "print(name(libc.syscall(435, ctypes.c_void_p(0), 0)))",
                "t = threading.Thread(target=lambda: print('thread')); t.start(); t.join()",
                "pid = os.fork()",
                "if pid == 0: os._exit(7)",
                "print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))"));

        assertEquals(new TinyWorld.Result(0, "ENOSYS\nthread\n7\n", ""), r);
    }

    @Test
    void tiocstiIsDeniedEvenOnTheControllingTerminal() throws Exception {
        // the command leads its own session: the pty becomes its controlling terminal, where the
        // kernel alone would let it push input
        TinyWorld.Result r = python(String.join("\n",
                "import fcntl, termios",
                "master, slave = os.openpty()",
                "fcntl.ioctl(slave, termios.TIOCSCTTY, 0)",
                "try:",
                "    fcntl.ioctl(slave, termios.TIOCSTI, b'x')",
                "    print('ok')",
                "except OSError as e:",
                "    print(errno.errorcode[e.errno])"));

        assertEquals(new TinyWorld.Result(0, "EPERM\n", ""), r);
    }

    @Test
    void keyringCallsAreDenied() throws Exception {
        TinyWorld.Result r = python("print(name(libc.syscall(250, 0, 0, 0, 0)))");

        assertEquals(new TinyWorld.Result(0, "EPERM\n", ""), r);
    }

    @Test
    void sysvIpcCallsFailWithEnosysWhenDisabledAsOnFreeBsd() throws Exception {
        TinyWorld.Result r = python(e -> e.sysvipc(SysvIpc.DISABLE), "print(name(libc.shmget(0, 4096, 0o1600)))");

        assertEquals(new TinyWorld.Result(0, "ENOSYS\n", ""), r);
    }

    @Test
    void eachSysvIpcKindIsDisabledOnItsOwn() throws Exception {
        TinyWorld.Result r = python(e -> e.sysvipc(SysvIpc.NEW).sysvmsg(SysvIpc.DISABLE), String.join("\n",
                "print(name(libc.msgget(0, 0o1600)))",
                "print(name(libc.semget(0, 1, 0o1600)))",
                "print(name(libc.shmget(0, 4096, 0o1600)))"));

        assertEquals(new TinyWorld.Result(0, "ENOSYS\nok\nok\n", ""), r);
    }

    @Test
    void aSysvIpcKindOfItsOwnBesideAnInheritedKindIsASetupFailure() throws Exception {
        TinyWorld.Result r = python(e -> e.sysvmsg(SysvIpc.NEW).sysvshm(SysvIpc.INHERIT), "print('ran')");

        assertEquals(new TinyWorld.Result(125, "", "jail4j-launcher: arguments: --sysvmsg new with --sysvshm inherit: "
                + "Linux has one IPC namespace for all kinds\n"), r);
    }

    @Test
    void inetSocketsFailWithEafnosupportWhenIp4IsDisabled() throws Exception {
        TinyWorld.Result r = python(e -> e.ip4(LauncherArgs.Ip.DISABLE).ip6(LauncherArgs.Ip.NEW), String.join("\n",
                "print(sock(socket.AF_INET, socket.SOCK_STREAM))",
                "print(sock(socket.AF_INET6, socket.SOCK_DGRAM))"));

        assertEquals(new TinyWorld.Result(0, "EAFNOSUPPORT\nok\n", ""), r);
    }

    @Test
    void inet6SocketsFailWithEafnosupportWhenIp6IsDisabled() throws Exception {
        TinyWorld.Result r = python(e -> e.ip6(LauncherArgs.Ip.DISABLE), String.join("\n",
                "print(sock(socket.AF_INET6, socket.SOCK_STREAM))",
                "print(sock(socket.AF_INET, socket.SOCK_DGRAM))"));

        assertEquals(new TinyWorld.Result(0, "EAFNOSUPPORT\nok\n", ""), r);
    }

    private static final String LOCKS = String.join("\n",
            "libc.syscall.restype = ctypes.c_long",
            "print(name(libc.mlock(None, 0)))",
            "print(name(libc.mlockall(1)))",
            "print(name(libc.syscall(9, 0, 4096, 3, 0x2022, -1, 0)))");  // mmap MAP_PRIVATE|ANONYMOUS|LOCKED

    @Test
    void memoryCannotBeLockedWithoutAllowMlock() throws Exception {
        assertEquals(new TinyWorld.Result(0, "EPERM\nEPERM\nEPERM\n", ""), python(LOCKS));
    }

    @Test
    void memoryIsLockedWithAllowMlock() throws Exception {
        assertEquals(new TinyWorld.Result(0, "ok\nok\nok\n", ""), python(e -> e.allow("mlock"), LOCKS));
    }

    @Test
    void takingATerminalFromItsSessionIsDeniedButTheArgumentZeroReachesTheKernel() throws Exception {
        TinyWorld.Result r = python(String.join("\n",
                "import termios",
                "print(name(libc.ioctl(0, termios.TIOCSCTTY, 1)))",
                "print(name(libc.ioctl(0, termios.TIOCSCTTY, 0)))"));

        assertEquals(new TinyWorld.Result(0, "EPERM\nENOTTY\n", ""), r);
    }

    @Test
    void aNamespaceOfItsOwnIsDeniedWhileChildrenMaxIsZero() throws Exception {
        String code = "print(name(libc.unshare(0x20000)))";  // CLONE_NEWNS, which the kept CAP_SYS_ADMIN would allow

        assertEquals(new TinyWorld.Result(0, "EPERM\n", ""), python(e -> e.allow("set_hostname"), code));
        assertEquals(new TinyWorld.Result(0, "ok\n", ""), python(e -> e.allow("set_hostname").childrenMax(1), code));
    }

    private static final String MOUNT_TMPFS = "print(name(libc.mount(b'none', b'/root', b'tmpfs', 0, None)))";

    @Test
    void mountingFailsWithAllowMountButNoFileSystemAllowed() throws Exception {
        assertEquals(new TinyWorld.Result(0, "EPERM\n", ""),
                python(e -> e.allow("mount").enforceStatfs(1), MOUNT_TMPFS));
    }

    @Test
    void mountingWorksWithAllowMountAFileSystemAndEnforceStatfsBelowTwo() throws Exception {
        assertEquals(new TinyWorld.Result(0, "ok\n", ""),
                python(e -> e.allow("mount", "mount.tmpfs").enforceStatfs(1), MOUNT_TMPFS));
    }

    @Test
    void sysvIpcWorksInTheJailsOwnNamespace() throws Exception {
        TinyWorld.Result r = python(e -> e.sysvipc(SysvIpc.NEW), "print(name(libc.shmget(0, 4096, 0o1600)))");

        assertEquals(new TinyWorld.Result(0, "ok\n", ""), r);
    }

    @Test
    void socketFamiliesOutsideInetUnixAndNetlinkFailWithEafnosupport() throws Exception {
        TinyWorld.Result r = python(String.join("\n",
                "print(sock(socket.AF_PACKET, socket.SOCK_RAW))",
                "print(sock(socket.AF_NETLINK, socket.SOCK_RAW))",
                "print(sock(socket.AF_INET6, socket.SOCK_STREAM))",
                "print(sock(socket.AF_UNIX, socket.SOCK_DGRAM))"));

        assertEquals(new TinyWorld.Result(0, "EAFNOSUPPORT\nok\nok\nok\n", ""), r);
    }

    @Test
    void allowSocketAfLeavesPacketSocketsToTheCapabilityCheck() throws Exception {
        TinyWorld.Result r = python(e -> e.allow("socket_af"), "print(sock(socket.AF_PACKET, socket.SOCK_RAW))");

        assertEquals(new TinyWorld.Result(0, "EPERM\n", ""), r);
    }
}
