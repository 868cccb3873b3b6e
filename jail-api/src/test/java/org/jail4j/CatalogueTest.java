package org.jail4j;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jail4j.JailParam.Access;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The catalogue against the two references: every parameter of FREEBSD-ABI.md §3 and every
 * leaf a real FreeBSD 13.2 kernel listed (FREEBSD-KERNEL-ANSWERS.md C4), with its format and
 * access; and jail(8)'s pseudo-parameters kept apart.
 */
class CatalogueTest {
    /** FREEBSD-ABI.md §3: name, sysctl format, access (RW, RDTUN, RD), maximum length for strings. */
    private static final String[][] ABI_TABLE = {
        {"jid", "I", "RDTUN", ""},
        {"name", "A", "RW", "256"},
        {"parent", "I", "RD", ""},
        {"path", "A", "RDTUN", "1024"},
        {"securelevel", "I", "RW", ""},
        {"osreldate", "I", "RDTUN", ""},
        {"osrelease", "A", "RDTUN", "32"},
        {"enforce_statfs", "I", "RW", ""},
        {"devfs_ruleset", "I", "RW", ""},
        {"persist", "B", "RW", ""},
        {"vnet", "E,jailsys", "RDTUN", ""},
        {"dying", "B", "RD", ""},
        {"children.cur", "I", "RD", ""},
        {"children.max", "I", "RW", ""},
        {"host", "E,jailsys", "RW", ""},
        {"host.hostname", "A", "RW", "256"},
        {"host.domainname", "A", "RW", "256"},
        {"host.hostuuid", "A", "RW", "64"},
        {"host.hostid", "LU", "RW", ""},
        {"cpuset.id", "I", "RD", ""},
        {"ip4", "E,jailsys", "RDTUN", ""},
        {"ip4.addr", "S,in_addr,a", "RW", ""},
        {"ip4.saddrsel", "B", "RW", ""},
        {"ip6", "E,jailsys", "RDTUN", ""},
        {"ip6.addr", "S,in6_addr,a", "RW", ""},
        {"ip6.saddrsel", "B", "RW", ""},
        {"allow.set_hostname", "B", "RW", ""},
        {"allow.sysvipc", "B", "RW", ""},
        {"allow.raw_sockets", "B", "RW", ""},
        {"allow.chflags", "B", "RW", ""},
        {"allow.mount", "B", "RW", ""},
        {"allow.mount.devfs", "B", "RW", ""},
        {"allow.mount.fdescfs", "B", "RW", ""},
        {"allow.mount.fusefs", "B", "RW", ""},
        {"allow.mount.linprocfs", "B", "RW", ""},
        {"allow.mount.linsysfs", "B", "RW", ""},
        {"allow.mount.nullfs", "B", "RW", ""},
        {"allow.mount.procfs", "B", "RW", ""},
        {"allow.mount.tmpfs", "B", "RW", ""},
        {"allow.mount.zfs", "B", "RW", ""},
        {"allow.quotas", "B", "RW", ""},
        {"allow.socket_af", "B", "RW", ""},
        {"allow.mlock", "B", "RW", ""},
        {"allow.reserved_ports", "B", "RW", ""},
        {"allow.read_msgbuf", "B", "RW", ""},
        {"allow.unprivileged_proc_debug", "B", "RW", ""},
        {"allow.suser", "B", "RW", ""},
        {"allow.nfsd", "B", "RW", ""},
        {"allow.extattr", "B", "RW", ""},
        {"allow.adjtime", "B", "RW", ""},
        {"allow.settime", "B", "RW", ""},
        {"allow.routing", "B", "RW", ""},
        {"allow.unprivileged_parent_tampering", "B", "RW", ""},
        {"allow.setaudit", "B", "RW", ""},
        {"allow.vmm", "B", "RW", ""},
        {"sysvmsg", "E,jailsys", "RW", ""},
        {"sysvsem", "E,jailsys", "RW", ""},
        {"sysvshm", "E,jailsys", "RW", ""},
        {"linux", "E,jailsys", "RW", ""},
        {"linux.osname", "A", "RW", "65"},
        {"linux.osrelease", "A", "RW", "65"},
        {"linux.oss_version", "I", "RW", ""},
        {"zfs", "E,jailsys", "RW", ""},
        {"zfs.mount_snapshot", "I", "RW", ""},
        {"mac.label", "S,mac", "RW", ""},
        {"meta", "A,keyvalue", "RW", "4096"},
        {"env", "A,keyvalue", "RW", "4096"},
    };

    /** FREEBSD-KERNEL-ANSWERS.md C4, as the kernel listed it: leaf name, kind, format. */
    private static final Object[][] KERNEL_13_2 = {
        {"sysvshm.", 0xc0040002, "E,jailsys"},
        {"sysvsem.", 0xc0040002, "E,jailsys"},
        {"sysvmsg.", 0xc0040002, "E,jailsys"},
        {"allow.mount.devfs", 0xc2040002, "B"},
        {"allow.mount.", 0xc0040002, "B"},
        {"allow.suser", 0xc0040002, "B"},
        {"allow.unprivileged_proc_debug", 0xc0040002, "B"},
        {"allow.read_msgbuf", 0xc0040002, "B"},
        {"allow.reserved_ports", 0xc0040002, "B"},
        {"allow.mlock", 0xc0040002, "B"},
        {"allow.socket_af", 0xc0040002, "B"},
        {"allow.quotas", 0xc0040002, "B"},
        {"allow.chflags", 0xc0040002, "B"},
        {"allow.raw_sockets", 0xc0040002, "B"},
        {"allow.sysvipc", 0xc0040002, "B"},
        {"allow.set_hostname", 0xc0040002, "B"},
        {"ip6.saddrsel", 0xc0040002, "B"},
        {"ip6.addr", 0xc0040005, "S,in6_addr,a"},
        {"ip6.", 0x800c1002, "E,jailsys"},
        {"ip4.saddrsel", 0xc0040002, "B"},
        {"ip4.addr", 0xc0040005, "S,in_addr,a"},
        {"ip4.", 0x800c1002, "E,jailsys"},
        {"cpuset.id", 0x80040002, "I"},
        {"host.hostid", 0xc0040008, "LU"},
        {"host.hostuuid", 0xc0040003, "A"},
        {"host.domainname", 0xc0040003, "A"},
        {"host.hostname", 0xc0040003, "A"},
        {"host.", 0xc0040002, "E,jailsys"},
        {"children.max", 0xc0040002, "I"},
        {"children.cur", 0x80040002, "I"},
        {"dying", 0x80040002, "B"},
        {"persist", 0xc0040002, "B"},
        {"devfs_ruleset", 0xc0040002, "I"},
        {"enforce_statfs", 0xc0040002, "I"},
        {"osrelease", 0x800c1003, "A"},
        {"osreldate", 0x800c1002, "I"},
        {"securelevel", 0xc0040002, "I"},
        {"path", 0x800c1003, "A"},
        {"name", 0xc0040003, "A"},
        {"parent", 0x80040002, "I"},
        {"jid", 0x800c1002, "I"},
    };

    /** jail(8)'s own parameters (FREEBSD-ABI.md §3 and §6.2, jail.conf(5)). */
    private static final List<String> PSEUDO = List.of("exec.prepare", "exec.prestart", "exec.created", "exec.start",
            "command", "exec.poststart", "exec.prestop", "exec.stop", "exec.poststop", "exec.release", "exec.clean",
            "exec.jail_user", "exec.system_user", "exec.system_jail_user", "exec.timeout", "exec.consolelog",
            "exec.fib", "stop.timeout", "interface", "vnet.interface", "ip_hostname", "mount", "mount.fstab",
            "mount.devfs", "mount.fdescfs", "mount.procfs", "depend", "allow.dying", "zfs.dataset");

    private static Access access(String abi) {
        switch (abi) {
            case "RW":
                return Access.SETTABLE;
            case "RDTUN":
                return Access.CREATE_ONLY;
            case "RD":
                return Access.READ_ONLY;
            default:
                throw new AssertionError(abi);
        }
    }

    private static JailParam<?> catalogued(String name) {
        Optional<JailParam<?>> p = JailParams.lookup(name);
        assertTrue(p.isPresent(), name + " is catalogued");
        return p.get();
    }

    @Test
    void everyParameterOfTheAbiTableIsCataloguedWithItsFormatAndAccess() {
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        for (String[] row : ABI_TABLE) {
            checks.add(() -> {
                JailParam<?> p = catalogued(row[0]);
                assertEquals(ParamFormat.ofSysctl(row[1]).orElseThrow(), p.format(), row[0]);
                assertEquals(access(row[2]), p.access(), row[0]);
                assertEquals(row[3].isEmpty() ? -1 : Integer.parseInt(row[3]), p.maxLength(), row[0] + " maximum");
                assertFalse(p.isPseudo(), row[0]);
            });
        }
        assertAll(checks);
    }

    @Test
    void everyLeafOfTheMeasuredKernelIsCataloguedWithItsFormatAndAccess() {
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        for (Object[] leaf : KERNEL_13_2) {
            String sysctlName = (String) leaf[0];
            // A trailing dot is the empty-named leaf of a node: "ip4." is the parameter ip4.
            String name = sysctlName.endsWith(".") ? sysctlName.substring(0, sysctlName.length() - 1) : sysctlName;
            checks.add(() -> {
                JailParam<?> p = catalogued(name);
                assertEquals(ParamFormat.ofSysctl((String) leaf[2]).orElseThrow(), p.format(), name);
                assertEquals(Access.ofSysctlKind((Integer) leaf[1]), p.access(), name);
            });
        }
        assertAll(checks);
    }

    /** The maximum lengths the 13.2 kernel's string OIDs read as (C1, C2, ABI §3 for osrelease). */
    private static int kernelMaximum(String name) {
        switch (name) {
            case "path":
                return 1024;
            case "host.hostuuid":
                return 64;
            case "osrelease":
                return 32;
            default:
                return 256;
        }
    }

    @Test
    void everyLeafOfTheMeasuredKernelResolvesToTheCataloguedParameter() {
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        for (Object[] leaf : KERNEL_13_2) {
            String oid = JailParams.SYSCTL_PREFIX + leaf[0];
            String name = ((String) leaf[0]).replaceAll("\\.$", "");
            checks.add(() -> assertSame(catalogued(name),
                    JailParams.fromSysctl(oid, (Integer) leaf[1], (String) leaf[2], kernelMaximum(name)).orElseThrow(),
                    oid));
        }
        assertAll(checks);
    }

    @Test
    void aLeafTheCatalogueLacksIsBuiltFromTheKernelsDescription() {
        JailParam<?> p = JailParams.fromSysctl("security.jail.param.allow.mount.newfs", 0xc2040002, "B", -1)
                .orElseThrow();
        assertAll(
                () -> assertEquals("allow.mount.newfs", p.name()),
                () -> assertEquals(ParamFormat.BOOL, p.format()),
                () -> assertEquals(Access.SETTABLE, p.access()),
                () -> assertEquals(Optional.empty(), JailParams.lookup("allow.mount.newfs")));
    }

    @Test
    void aLeafThatDisagreesWithTheCatalogueTakesTheKernelsWord() {
        JailParam<?> p = JailParams.fromSysctl("host.hostname", 0xc0040003, "A", 512).orElseThrow();
        assertAll(
                () -> assertEquals(512, p.maxLength()),
                () -> assertEquals(JailParams.HOST_HOSTNAME, p, "still the same key for lookups"),
                () -> assertEquals(256, JailParams.HOST_HOSTNAME.maxLength()));
    }

    @Test
    void aNodeOrAnUnknownFormatIsNoParameter() {
        assertEquals(Optional.empty(), JailParams.fromSysctl("security.jail.param.allow.mount", 0x00040001, "N", -1));
        assertEquals(Optional.empty(), JailParams.fromSysctl("security.jail.param.x", 0xc0040005, "S,timeval", -1));
    }

    @Test
    void theKernelsJailsysParametersAreJailsys() {
        for (String name : List.of("host", "ip4", "ip6", "sysvshm", "sysvsem", "sysvmsg", "vnet", "linux", "zfs")) {
            assertEquals(ParamFormat.JAILSYS, catalogued(name).format(), name);
            assertEquals(JailSys.class, catalogued(name).type(), name);
        }
    }

    @Test
    void createOnlyAndReadOnlyParametersAreExactlyTheKernels() {
        Set<String> createOnly = new HashSet<>();
        Set<String> readOnly = new HashSet<>();
        for (JailParam<?> p : JailParams.all()) {
            if (p.access() == Access.CREATE_ONLY) {
                createOnly.add(p.name());
            } else if (p.access() == Access.READ_ONLY) {
                readOnly.add(p.name());
            }
        }
        assertEquals(Set.of("ip4", "ip6", "osrelease", "osreldate", "path", "jid", "vnet"), createOnly);
        assertEquals(Set.of("dying", "children.cur", "cpuset.id", "parent"), readOnly);
    }

    @Test
    void everyCataloguedKernelParameterIsInOneOfTheReferences() {
        Set<String> known = new HashSet<>();
        for (String[] row : ABI_TABLE) {
            known.add(row[0]);
        }
        for (JailParam<?> p : JailParams.all()) {
            if (!p.isPseudo()) {
                assertTrue(known.contains(p.name()), p.name() + " is a kernel parameter of FREEBSD-ABI.md §3");
            }
        }
    }

    @Test
    void pseudoParametersAreKeptApart() {
        for (String name : PSEUDO) {
            JailParam<?> p = catalogued(name);
            assertTrue(p.isPseudo(), name);
            assertEquals(ParamFormat.PSEUDO, p.format(), name);
        }
        for (JailParam<?> p : JailParams.all()) {
            assertEquals(PSEUDO.contains(p.name()), p.isPseudo(), p.name());
        }
    }

    @Test
    void everyExecAndMountNameIsPseudo() {
        for (JailParam<?> p : JailParams.all()) {
            if (p.name().startsWith("exec.") || p.name().equals("mount") || p.name().startsWith("mount.")) {
                assertTrue(p.isPseudo(), p.name());
            }
        }
    }

    @Test
    void kernelParamsOfASpecLeaveThePseudoParametersOut() {
        JailSpec spec = JailSpec.builder("www").persist(true)
                .set(JailParams.EXEC_START, List.of("/bin/sh /etc/rc"))
                .setText("mount.devfs", "")
                .setText("depend", "db")
                .setText("interface", "em0")
                .set(JailParams.ENFORCE_STATFS, 1)
                .build();
        assertAll(
                () -> assertEquals(List.of("exec.start", "mount.devfs", "depend", "interface"),
                        names(spec.params().filter(JailParam::isPseudo))),
                () -> assertEquals(List.of("name", "ip4", "ip6", "persist", "enforce_statfs"),
                        names(spec.kernelParams())));
    }

    private static List<String> names(JailParams p) {
        List<String> out = new ArrayList<>();
        p.forEach((param, v) -> out.add(param.name()));
        return out;
    }

    @Test
    void booleansAreTheKernelsBParametersOnly() {
        for (JailParam<?> p : JailParams.all()) {
            assertEquals(p.format() == ParamFormat.BOOL, p.isBoolean(), p.name());
        }
    }

    @Test
    void allListsEachParameterOnceWithTheKernelsFirst() {
        List<JailParam<?>> all = JailParams.all();
        assertEquals(all.size(), new HashSet<>(all).size());
        int firstPseudo = 0;
        while (!all.get(firstPseudo).isPseudo()) {
            firstPseudo++;
        }
        for (JailParam<?> p : all.subList(firstPseudo, all.size())) {
            assertTrue(p.isPseudo(), p.name() + " comes after the first pseudo-parameter");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0xc0040002, SETTABLE",
        "0xc2040002, SETTABLE",
        "0x800c1002, CREATE_ONLY",
        "0x800c1003, CREATE_ONLY",
        "0x80040002, READ_ONLY"})
    void accessFollowsTheSysctlFlags(String kind, Access expected) {
        assertEquals(expected, Access.ofSysctlKind(Integer.parseUnsignedInt(kind.substring(2), 16)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "I;INT", "IU;UINT", "L;LONG", "LU;ULONG", "Q;S64", "QU;U64", "A;STRING", "B;BOOL", "E,jailsys;JAILSYS",
        "S,in_addr,a;IN_ADDR_ARRAY", "S,in6_addr,a;IN6_ADDR_ARRAY", "A,keyvalue;KEYVALUE", "S,mac;MAC"})
    void formatFollowsTheSysctlFormatString(String fmt, ParamFormat expected) {
        assertEquals(Optional.of(expected), ParamFormat.ofSysctl(fmt));
        assertEquals(fmt, expected.sysctlFormat());
    }

    @Test
    void anUnknownSysctlFormatHasNoParamFormat() {
        assertEquals(Optional.empty(), ParamFormat.ofSysctl("S,timeval"));
        assertEquals(Optional.empty(), ParamFormat.ofSysctl(""));
    }
}
