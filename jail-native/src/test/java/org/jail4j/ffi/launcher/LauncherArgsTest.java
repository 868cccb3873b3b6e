package org.jail4j.ffi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.jail4j.ffi.launcher.LauncherArgs.Namespace;
import org.jail4j.ffi.launcher.LauncherArgs.SysvIpc;
import org.junit.jupiter.api.Test;

class LauncherArgsTest {
    private static final Path BIN = Path.of("/var/cache/jail4j/x/jail4j-launcher");

    @Test
    void keeperArgumentsFollowTheProtocolWithTheJailsIdentityFirst() {
        List<String> args = LauncherArgs.keeper(BIN).persist(true).hostname("www.example").name("www").jid(3)
                .root(Path.of("/jails/www")).readyFd(1).namespaces(EnumSet.of(Namespace.NET, Namespace.UTS))
                .bind(Path.of("/usr"), "/usr", true).tmpfs("/tmp").loAddr("10.0.0.3/32").allow("allow.raw_sockets")
                .allow("set_hostname").sysvipc(SysvIpc.DISABLE).enforceStatfs(2).childrenMax(0)
                .control(Path.of("/run/jail4j/3.sock")).build();

        assertEquals(List.of(BIN.toString(), "keeper", "--name", "www", "--jid", "3", "--root", "/jails/www",
                "--ready-fd", "1", "--ns", "uts,net", "--allow", "raw_sockets,set_hostname", "--sysvipc", "disable",
                "--enforce-statfs", "2", "--children-max", "0", "--hostname", "www.example", "--bind", "/usr:/usr:ro",
                "--tmpfs", "/tmp", "--lo-addr", "10.0.0.3/32", "--control", "/run/jail4j/3.sock", "--persist"), args);
    }

    @Test
    void eachSysvIpcKindAndAddressFamilyIsItsOwnOption() {
        List<String> args = LauncherArgs.exec(BIN).pid(7).sysvipc(SysvIpc.NEW).sysvmsg(SysvIpc.DISABLE)
                .sysvshm(SysvIpc.INHERIT).sysvsem(SysvIpc.NEW).ip4(LauncherArgs.Ip.NEW).ip6(LauncherArgs.Ip.DISABLE)
                .command(List.of("true")).build();

        assertEquals(List.of(BIN.toString(), "exec", "--pid", "7", "--sysvipc", "new", "--sysvmsg", "disable",
                "--sysvshm", "inherit", "--sysvsem", "new", "--ip4", "new", "--ip6", "disable", "--", "true"), args);
    }

    @Test
    void execArgumentsEndWithTheCommandAfterTheSeparator() {
        List<String> args = LauncherArgs.exec(BIN).pid(4242).namespaces(EnumSet.of(Namespace.UTS)).user("www")
                .dir("/srv").env("LANG", "C.UTF-8").login(true).command(List.of("/bin/sh", "-c", "--not-an-option"))
                .build();

        assertEquals(List.of(BIN.toString(), "exec", "--pid", "4242", "--ns", "uts", "--user", "www", "--dir", "/srv",
                "--env", "LANG=C.UTF-8", "--login", "--", "/bin/sh", "-c", "--not-an-option"), args);
    }

    @Test
    void numericIdsBecomeUidGidAndGroups() {
        List<String> args = LauncherArgs.exec(BIN).pid(7).ids(1001, 1002, List.of(1002L, 20L))
                .command(List.of("id")).build();

        assertEquals(List.of(BIN.toString(), "exec", "--pid", "7", "--uid", "1001", "--gid", "1002", "--groups",
                "1002,20", "--", "id"), args);
    }

    @Test
    void aBindTargetWithAColonIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LauncherArgs.keeper(BIN).bind(Path.of("/srv"), "/a:b", false));

        assertEquals("bad bind target: /a:b", e.getMessage());
    }

    @Test
    void anEnvironmentNameWithAnEqualsSignIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LauncherArgs.exec(BIN).env("A=B", "c"));

        assertEquals("bad environment name: A=B", e.getMessage());
    }

    @Test
    void userAndNumericIdsExcludeEachOther() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LauncherArgs.exec(BIN).user("www").ids(1, 1, List.of()));

        assertEquals("uid, gid and groups exclude user", e.getMessage());
    }

    @Test
    void aKeeperWithoutItsIdentityIsNotBuilt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LauncherArgs.keeper(BIN).name("www").build());

        assertEquals("a keeper needs name, jid, root and readyFd", e.getMessage());
    }

    @Test
    void aRelativeRootIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LauncherArgs.keeper(BIN).root(Path.of("jails/www")));

        assertEquals("root must be an absolute path: jails/www", e.getMessage());
    }
}
