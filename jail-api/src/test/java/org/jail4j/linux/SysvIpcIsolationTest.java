package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jail4j.InvalidParamException;
import org.jail4j.Jail;
import org.jail4j.JailParams;
import org.jail4j.JailSys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SysV IPC per kind (sysvshm, sysvmsg, sysvsem): new = the jail's own keys, the host's object
 * invisible; inherit (or the legacy allow.sysvipc) = the host's keys; disable = every call fails
 * with ENOSYS, as FreeBSD's sysv_*.c answer a jail without IPC.
 */
class SysvIpcIsolationTest extends JailProbeTest {
    @ParameterizedTest
    @EnumSource(HostIpc.Kind.class)
    void aHostObjectIsInvisibleWithNew(HostIpc.Kind kind) {
        try (HostIpc host = HostIpc.create(kind)) {
            assertEquals("DENIED ENOENT", jails.probe(s -> s.set(kind.param(), JailSys.NEW), kind.probe(), host.key()));
        }
    }

    @ParameterizedTest
    @EnumSource(HostIpc.Kind.class)
    void theJailsOwnObjectsWorkWithNew(HostIpc.Kind kind) {
        assertEquals("OK", jails.probe(s -> s.set(kind.param(), JailSys.NEW), kind.probe(), "private"));
    }

    @ParameterizedTest
    @EnumSource(HostIpc.Kind.class)
    void aHostObjectIsVisibleWithInherit(HostIpc.Kind kind) {
        try (HostIpc host = HostIpc.create(kind)) {
            assertEquals("OK", jails.probe(s -> s.set(kind.param(), JailSys.INHERIT), kind.probe(), host.key()));
        }
    }

    @ParameterizedTest
    @EnumSource(HostIpc.Kind.class)
    void aHostObjectIsVisibleWithAllowSysvipc(HostIpc.Kind kind) {
        try (HostIpc host = HostIpc.create(kind)) {
            assertEquals("OK", jails.probe(s -> s.set(JailParams.ALLOW_SYSVIPC, true), kind.probe(), host.key()));
        }
    }

    @Test
    void eachKindFollowsItsOwnParameter() {
        try (HostIpc shm = HostIpc.create(HostIpc.Kind.SHM); HostIpc msg = HostIpc.create(HostIpc.Kind.MSG);
                Jail jail = jails.create(s -> s.set(JailParams.SYSVSHM, JailSys.INHERIT)
                        .set(JailParams.SYSVMSG, JailSys.DISABLE).set(JailParams.SYSVSEM, JailSys.DISABLE))) {
            assertAll(
                    () -> assertEquals("OK", ProbeJails.probe(jail, "shm", shm.key())),
                    () -> assertEquals("DENIED ENOSYS", ProbeJails.probe(jail, "msg", msg.key())),
                    () -> assertEquals("DENIED ENOSYS", ProbeJails.probe(jail, "sem", "private")));
        }
    }

    @Test
    void aKindOfItsOwnBesideADisabledKindKeepsTheHostsObjectsInvisible() {
        try (HostIpc msg = HostIpc.create(HostIpc.Kind.MSG);
                Jail jail = jails.create(s -> s.set(JailParams.SYSVMSG, JailSys.NEW)
                        .set(JailParams.SYSVSHM, JailSys.DISABLE).set(JailParams.SYSVSEM, JailSys.DISABLE))) {
            assertAll(
                    () -> assertEquals("DENIED ENOENT", ProbeJails.probe(jail, "msg", msg.key())),
                    () -> assertEquals("DENIED ENOSYS", ProbeJails.probe(jail, "shm", "private")));
        }
    }

    /*
     * FreeBSD gives each kind its own namespace; Linux has one IPC namespace for all three. A kind
     * set to new beside a kind inherited would see the host's objects, weaker than asked, so the
     * engine refuses the create before anything is made.
     */
    @Test
    void aKindOfItsOwnBesideAnInheritedKindIsRefusedAsLinuxHasOneIpcNamespace() {
        InvalidParamException e = assertThrows(InvalidParamException.class, () -> jails.create(s -> s
                .set(JailParams.SYSVSHM, JailSys.INHERIT).set(JailParams.SYSVMSG, JailSys.NEW)
                .set(JailParams.SYSVSEM, JailSys.DISABLE)).close());
        assertAll(
                () -> assertEquals("create", e.call()),
                () -> assertEquals("sysvmsg", e.param()),
                () -> assertEquals("EOPNOTSUPP", e.errno()),
                () -> assertEquals("sysvmsg=new with sysvshm=inherit: Linux has one IPC namespace for all SysV IPC "
                        + "kinds, so sysvmsg would share the host's", e.reason()));
    }

    @Test
    void aRunningJailsKindMayBeDisabledButNotMovedToTheHostsNamespace() {
        try (HostIpc shm = HostIpc.create(HostIpc.Kind.SHM);
                Jail jail = jails.create(s -> s.set(JailParams.SYSVSHM, JailSys.NEW))) {
            InvalidParamException e = assertThrows(InvalidParamException.class, () -> jail.update(
                    JailParams.builder().set(JailParams.SYSVSHM, JailSys.INHERIT).build()));
            jail.update(JailParams.builder().set(JailParams.SYSVSHM, JailSys.DISABLE).build());
            assertAll(
                    () -> assertEquals("sysvshm", e.param()),
                    () -> assertEquals("EOPNOTSUPP", e.errno()),
                    () -> assertEquals("the jail's IPC namespace (its own or the host's) is fixed at creation on Linux",
                            e.reason()),
                    () -> assertEquals("DENIED ENOSYS", ProbeJails.probe(jail, "shm", shm.key())));
        }
    }

    @ParameterizedTest
    @EnumSource(HostIpc.Kind.class)
    void everyCallFailsWithEnosysWhenDisabled(HostIpc.Kind kind) {
        try (HostIpc host = HostIpc.create(kind); Jail jail = jails.create(s -> s.set(kind.param(), JailSys.DISABLE))) {
            assertAll(
                    () -> assertEquals("DENIED ENOSYS", ProbeJails.probe(jail, kind.probe(), host.key())),
                    () -> assertEquals("DENIED ENOSYS", ProbeJails.probe(jail, kind.probe(), "private")));
        }
    }
}
