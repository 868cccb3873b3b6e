package org.jail4j.freebsd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jail4j.Jail;
import org.jail4j.JailParam;
import org.jail4j.JailParams;
import org.jail4j.JailSpec;
import org.jail4j.JailSys;
import org.jail4j.Prison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RoundTripTest {
    @RegisterExtension
    final ModelHost model = new ModelHost();

    /**
     * A value other than the default for every parameter the 13.2 kernel lets a creator set. ip4
     * and ip6 are "disable" with addresses (A24), since the kernel reads any restricted jail back
     * as 0; addresses are given first-then-sorted, the order the kernel keeps them in (A22b).
     */
    private static JailParams everySettable() throws Exception {
        return JailParams.builder()
                .set(JailParams.JID, 77)
                .set(JailParams.NAME, "rt")
                .set(JailParams.PATH, "/")
                .set(JailParams.PERSIST, true)
                .set(JailParams.SECURELEVEL, 3)
                .set(JailParams.OSRELEASE, "12.4-RELEASE")
                .set(JailParams.OSRELDATE, 1204000)
                .set(JailParams.ENFORCE_STATFS, 1)
                .set(JailParams.DEVFS_RULESET, 4)
                .set(JailParams.CHILDREN_MAX, 2)
                .set(JailParams.HOST, JailSys.NEW)
                .set(JailParams.HOST_HOSTNAME, "rt.example.org")
                .set(JailParams.HOST_DOMAINNAME, "example.org")
                .set(JailParams.HOST_HOSTUUID, "12345678-1234-1234-1234-123456789abc")
                .set(JailParams.HOST_HOSTID, 42L)
                .set(JailParams.IP4, JailSys.DISABLE)
                .set(JailParams.IP4_ADDR, List.of((Inet4Address) InetAddress.getByName("10.0.0.9"),
                        (Inet4Address) InetAddress.getByName("10.0.0.3"),
                        (Inet4Address) InetAddress.getByName("10.0.0.5")))
                .set(JailParams.IP4_SADDRSEL, false)
                .set(JailParams.IP6, JailSys.DISABLE)
                .set(JailParams.IP6_ADDR, List.of((Inet6Address) InetAddress.getByName("fd00::1"),
                        (Inet6Address) InetAddress.getByName("fd00::2")))
                .set(JailParams.IP6_SADDRSEL, false)
                .set(JailParams.SYSVMSG, JailSys.NEW)
                .set(JailParams.SYSVSEM, JailSys.INHERIT)
                .set(JailParams.SYSVSHM, JailSys.NEW)
                .set(JailParams.ALLOW_SET_HOSTNAME, false)
                .set(JailParams.ALLOW_SYSVIPC, true)
                .set(JailParams.ALLOW_RAW_SOCKETS, true)
                .set(JailParams.ALLOW_CHFLAGS, true)
                .set(JailParams.ALLOW_MOUNT, true)
                .set(JailParams.ALLOW_MOUNT_DEVFS, true)
                .set(JailParams.ALLOW_QUOTAS, true)
                .set(JailParams.ALLOW_SOCKET_AF, true)
                .set(JailParams.ALLOW_MLOCK, true)
                .set(JailParams.ALLOW_RESERVED_PORTS, false)
                .set(JailParams.ALLOW_READ_MSGBUF, true)
                .set(JailParams.ALLOW_UNPRIVILEGED_PROC_DEBUG, false)
                .set(JailParams.ALLOW_SUSER, false)
                .build();
    }

    @Test
    void everySettableParameterOfTheKernelReadsBackEqualAndTyped() throws Exception {
        JailParams wanted = everySettable();
        Set<String> settable = model.host().capabilities().params().stream()
                .filter(n -> model.host().paramType(n).access() != JailParam.Access.READ_ONLY)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(settable, wanted.params().stream().map(JailParam::name)
                .collect(Collectors.toCollection(TreeSet::new)), "the test sets every settable parameter");
        try (Jail j = model.host().create(JailSpec.builder("rt").path(Path.of("/")).setAll(wanted).build())) {
            Prison p = j.prison();
            for (JailParam<?> param : wanted.params()) {
                assertEquals(wanted.find(param).orElseThrow(), p.params().find(param).orElseThrow(), param.name());
                assertEquals(param.type(), p.params().params().stream().filter(x -> x.equals(param)).findFirst()
                        .orElseThrow().type(), param.name());
            }
        }
    }
}
