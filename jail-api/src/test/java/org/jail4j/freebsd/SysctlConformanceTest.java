package org.jail4j.freebsd;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.jail4j.ffi.freebsd.FreeBsdLibs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** sysctl rows C1–C5 of FREEBSD-KERNEL-ANSWERS.md and the security.jail / kern values, against the kernel model. */
class SysctlConformanceTest {
    private static final String PARAM = "security.jail.param.";
    private static final int[] PARAM_OID = {2147483334, 2147483424, 2147483411};

    @RegisterExtension
    final KernelModel model = new KernelModel();

    /** What a sysctl call answered: ret, errno symbol (null on success), *oldlenp after, the old bytes. */
    record Answer(int ret, String errno, long oldlen, byte[] old) {
        int asInt() {
            return ByteBuffer.wrap(old).order(ByteOrder.nativeOrder()).getInt();
        }

        long asLong() {
            return ByteBuffer.wrap(old).order(ByteOrder.nativeOrder()).getLong();
        }

        int[] asOid() {
            int[] oid = new int[old.length / 4];
            ByteBuffer.wrap(old).order(ByteOrder.nativeOrder()).asIntBuffer().get(oid);
            return oid;
        }

        String asString() {
            int n = 0;
            while (n < old.length && old[n] != 0) {
                n++;
            }
            return new String(old, 0, n, StandardCharsets.UTF_8);
        }
    }

    private static Pointer buffer(int size) {
        return Memory.allocateDirect(FreeBsdLibs.runtime(), Math.max(1, size), true);
    }

    private static Pointer oldlen(long value) {
        Pointer p = buffer(8);
        p.putLong(0, value);
        return p;
    }

    private static Answer answer(int rc, Pointer old, Pointer len, int size) {
        String errno = rc < 0 ? KernelCalls.lastErrno() : null;
        long n = len.getLong(0);
        byte[] bytes = new byte[(int) Math.min(n, size)];
        if (old != null) {
            old.get(0, bytes, 0, bytes.length);
        }
        return new Answer(rc, errno, n, bytes);
    }

    static Answer sysctl(int[] mib, int size, byte[] newValue) {
        Pointer name = buffer(4 * mib.length);
        name.put(0, mib, 0, mib.length);
        Pointer old = size > 0 ? buffer(size) : null;
        Pointer len = oldlen(size);
        Pointer nv = null;
        if (newValue != null) {
            nv = buffer(newValue.length);
            nv.put(0, newValue, 0, newValue.length);
        }
        int rc = FreeBsdLibs.sysctl().sysctl(name, mib.length, old, len, nv, newValue == null ? 0 : newValue.length);
        return answer(rc, old, len, size);
    }

    static Answer byName(String name, int size) {
        Pointer old = size > 0 ? buffer(size) : null;
        Pointer len = oldlen(size);
        int rc = FreeBsdLibs.sysctl().sysctlbyname(name, old, len, null, 0);
        return answer(rc, old, len, size);
    }

    /** {0,3}: the name without its NUL as the new value. */
    static Answer name2oid(String name) {
        return sysctl(new int[] {0, 3}, 4 * 24, name.getBytes(StandardCharsets.UTF_8));
    }

    private static int[] meta(int op, int[] oid) {
        int[] mib = new int[oid.length + 2];
        mib[1] = op;
        System.arraycopy(oid, 0, mib, 2, oid.length);
        return mib;
    }

    static int[] oid(String name) {
        Answer a = name2oid(name);
        assertEquals(null, a.errno(), name);
        return a.asOid();
    }

    static String oidName(int[] oid) {
        return sysctl(meta(1, oid), 1024, null).asString();
    }

    private static int[] param(int... tail) {
        int[] oid = Arrays.copyOf(PARAM_OID, PARAM_OID.length + tail.length);
        System.arraycopy(tail, 0, oid, PARAM_OID.length, tail.length);
        return oid;
    }

    private static void assertFormat(int[] oid, int kind, String fmt) {
        Answer a = sysctl(meta(4, oid), 1024, null);
        ByteBuffer b = ByteBuffer.wrap(a.old()).order(ByteOrder.nativeOrder());
        assertEquals(kind, b.getInt(), "kind");
        byte[] rest = Arrays.copyOfRange(a.old(), 4, a.old().length);
        assertEquals(fmt + "\0", new String(rest, StandardCharsets.UTF_8), "fmt, NUL-terminated");
    }

    @Test
    void c1StringParameterDescribesItsMaximumLengthAsText() {
        int[] oid = oid(PARAM + "host.hostname");
        assertArrayEquals(param(2147483396, 2147483394), oid);
        assertFormat(oid, 0xc0040003, "A");
        Answer v = sysctl(oid, 64, null);
        assertEquals(4, v.oldlen());
        assertArrayEquals("256\0".getBytes(StandardCharsets.US_ASCII), v.old());
    }

    @Test
    void c2ParameterKindsFormatsAndValues() {
        Object[][] rows = {
            {"ip4.addr", param(2147483388, 2147483386), 0xc0040005, "S,in_addr,a"},
            {"persist", param(2147483401), 0xc0040002, "B"},
            {"securelevel", param(2147483406), 0xc0040002, "I"},
            {"host.hostid", param(2147483396, 2147483391), 0xc0040008, "LU"},
            {"path", param(2147483407), 0x800c1003, "A"},
            {"name", param(2147483408), 0xc0040003, "A"},
            {"ip6.addr", param(2147483384, 2147483382), 0xc0040005, "S,in6_addr,a"},
            {"host.hostuuid", param(2147483396, 2147483392), 0xc0040003, "A"},
        };
        for (Object[] row : rows) {
            int[] oid = oid(PARAM + row[0]);
            assertArrayEquals((int[]) row[1], oid, (String) row[0]);
            assertFormat(oid, (int) row[2], (String) row[3]);
        }
        assertEquals(4L, sysctl(oid(PARAM + "ip4.addr"), 64, null).asLong());
        assertEquals(16L, sysctl(oid(PARAM + "ip6.addr"), 64, null).asLong());
        Answer persist = sysctl(oid(PARAM + "persist"), 64, null);
        assertEquals(4, persist.oldlen());
        assertEquals(0, persist.asInt());
        Answer hostid = sysctl(oid(PARAM + "host.hostid"), 64, null);
        assertEquals(8, hostid.oldlen());
        assertEquals(0L, hostid.asLong());
        assertEquals("1024", sysctl(oid(PARAM + "path"), 64, null).asString());
        assertEquals(5, sysctl(oid(PARAM + "path"), 64, null).oldlen());
        assertEquals("256", sysctl(oid(PARAM + "name"), 64, null).asString());
        assertEquals("64", sysctl(oid(PARAM + "host.hostuuid"), 64, null).asString());
    }

    @Test
    void parametersCanBeReadByName() {
        Answer host = byName(PARAM + "host.hostname", 64);
        assertAll(() -> assertEquals(0, host.ret()), () -> assertEquals("256", host.asString()));
        assertEquals(4L, byName(PARAM + "ip4.addr", 64).asLong());
        assertEquals("EISDIR", byName(PARAM + "ip4", 64).errno());
        assertEquals("ENOENT", byName(PARAM + "vnet", 64).errno());
    }

    @Test
    void c2NodesIgnoreATrailingDotAndCannotBeRead() {
        int[] mount = param(2147483380, 2147483368);
        assertArrayEquals(mount, oid(PARAM + "allow.mount"));
        assertArrayEquals(mount, oid(PARAM + "allow.mount."));
        assertArrayEquals(param(2147483388), oid(PARAM + "ip4."));
        assertArrayEquals(param(2147483388), oid(PARAM + "ip4"));
        assertFormat(mount, 0x00040001, "N");
        assertFormat(param(2147483388), 0x00040001, "N");
        assertEquals("EISDIR", sysctl(mount, 64, null).errno());
        assertEquals("EISDIR", sysctl(param(2147483388), 64, null).errno());
    }

    @Test
    void c2NoFormsAreNotParameters() {
        Answer a = name2oid(PARAM + "nopersist");
        assertAll(() -> assertEquals(-1, a.ret()), () -> assertEquals("ENOENT", a.errno()));
    }

    @Test
    void c3JailedIsZeroOnTheHostByNameAndByOid() {
        Answer byName = byName("security.jail.jailed", 4);
        assertAll(() -> assertEquals(0, byName.ret()), () -> assertEquals(4, byName.oldlen()),
                () -> assertEquals(0, byName.asInt()));
        int[] oid = oid("security.jail.jailed");
        assertArrayEquals(new int[] {2147483334, 2147483424, 2147483422}, oid);
        assertEquals(0, sysctl(oid, 4, null).asInt());
    }

    @Test
    void c4WalkingNextListsThe41ParametersInKernelOrder() {
        String[][] expected = {
            {"sysvshm.", "c0040002", "E,jailsys"}, {"sysvsem.", "c0040002", "E,jailsys"},
            {"sysvmsg.", "c0040002", "E,jailsys"}, {"allow.mount.devfs", "c2040002", "B"},
            {"allow.mount.", "c0040002", "B"}, {"allow.suser", "c0040002", "B"},
            {"allow.unprivileged_proc_debug", "c0040002", "B"}, {"allow.read_msgbuf", "c0040002", "B"},
            {"allow.reserved_ports", "c0040002", "B"}, {"allow.mlock", "c0040002", "B"},
            {"allow.socket_af", "c0040002", "B"}, {"allow.quotas", "c0040002", "B"},
            {"allow.chflags", "c0040002", "B"}, {"allow.raw_sockets", "c0040002", "B"},
            {"allow.sysvipc", "c0040002", "B"}, {"allow.set_hostname", "c0040002", "B"},
            {"ip6.saddrsel", "c0040002", "B"}, {"ip6.addr", "c0040005", "S,in6_addr,a"},
            {"ip6.", "800c1002", "E,jailsys"}, {"ip4.saddrsel", "c0040002", "B"},
            {"ip4.addr", "c0040005", "S,in_addr,a"}, {"ip4.", "800c1002", "E,jailsys"},
            {"cpuset.id", "80040002", "I"}, {"host.hostid", "c0040008", "LU"},
            {"host.hostuuid", "c0040003", "A"}, {"host.domainname", "c0040003", "A"},
            {"host.hostname", "c0040003", "A"}, {"host.", "c0040002", "E,jailsys"},
            {"children.max", "c0040002", "I"}, {"children.cur", "80040002", "I"}, {"dying", "80040002", "B"},
            {"persist", "c0040002", "B"}, {"devfs_ruleset", "c0040002", "I"}, {"enforce_statfs", "c0040002", "I"},
            {"osrelease", "800c1003", "A"}, {"osreldate", "800c1002", "I"}, {"securelevel", "c0040002", "I"},
            {"path", "800c1003", "A"}, {"name", "c0040003", "A"}, {"parent", "80040002", "I"},
            {"jid", "800c1002", "I"},
        };
        List<String[]> seen = new ArrayList<>();
        int[] at = PARAM_OID;
        while (true) {
            Answer next = sysctl(meta(2, at), 4 * 24, null);
            if (next.errno() != null || !startsWith(next.asOid(), PARAM_OID)) {
                break;
            }
            at = next.asOid();
            Answer fmt = sysctl(meta(4, at), 1024, null);
            String fmtText = new String(fmt.old(), 4, fmt.old().length - 5, StandardCharsets.UTF_8);
            seen.add(new String[] {oidName(at).substring(PARAM.length()), Integer.toHexString(fmt.asInt()), fmtText});
        }
        assertEquals(41, seen.size());
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], seen.get(i), "leaf " + i);
        }
    }

    @Test
    void c5NextAfterANodeIsItsFirstLeafWhichIsNotAlwaysTheEmptyNamedOne() {
        assertEquals(PARAM + "allow.mount.devfs", oidName(next(oid(PARAM + "allow.mount"), 2)));
        assertEquals(PARAM + "allow.mount.", oidName(next(oid(PARAM + "allow.mount.devfs"), 2)));
        assertEquals(PARAM + "ip4.saddrsel", oidName(next(oid(PARAM + "ip4"), 2)));
        assertEquals(PARAM + "ip4.addr", oidName(next(oid(PARAM + "ip4.saddrsel"), 2)));
        assertEquals(PARAM + "ip4.", oidName(next(oid(PARAM + "ip4.addr"), 2)));
        assertEquals(PARAM + "host.hostid", oidName(next(oid(PARAM + "host."), 2)));
        assertEquals(PARAM + "sysvshm.", oidName(next(oid(PARAM + "sysvshm"), 2)));
    }

    @Test
    void c5Name2oidTrailingDotQuirks() {
        assertEquals(PARAM + "allow.mount.", oidName(oid(PARAM + "allow.mount..")));
        assertArrayEquals(oid(PARAM + "allow.mount.devfs"), oid(PARAM + "allow.mount.devfs."));
        assertArrayEquals(oid(PARAM + "jid"), oid(PARAM + "jid."));
        assertEquals("ENOENT", name2oid(PARAM + "jid.x").errno());
        assertArrayEquals(PARAM_OID, oid(PARAM));
    }

    @Test
    void c5NextIncludingNodesVisits51OidsUnderTheParameterNode() {
        int count = 0;
        int nodes = 0;
        int[] at = PARAM_OID;
        while (true) {
            Answer next = sysctl(meta(7, at), 4 * 24, null);
            if (next.errno() != null || !startsWith(next.asOid(), PARAM_OID)) {
                break;
            }
            at = next.asOid();
            count++;
            if ((sysctl(meta(4, at), 1024, null).asInt() & 0xf) == 1) {
                nodes++;
            }
        }
        assertEquals(51, count);
        assertEquals(10, nodes);
    }

    private static int[] next(int[] oid, int op) {
        return sysctl(meta(op, oid), 4 * 24, null).asOid();
    }

    private static boolean startsWith(int[] oid, int[] prefix) {
        return oid.length > prefix.length && Arrays.equals(Arrays.copyOf(oid, prefix.length), prefix);
    }

    @Test
    void metaOidEdgeCases() {
        assertEquals("ENOENT", sysctl(new int[] {0, 3}, 96, null).errno(), "name2oid without a name");
        assertEquals("ENAMETOOLONG", name2oid("x".repeat(1024)).errno());
        assertEquals("EINVAL", sysctl(new int[] {1}, 4, null).errno(), "a one-component mib");
        assertEquals("ENOTDIR", sysctl(new int[] {1, 24, 7}, 4, null).errno(), "below a leaf");
        assertEquals("ENOENT", sysctl(new int[] {1, 12345}, 4, null).errno());
        assertEquals("kern.12345.6", oidName(new int[] {1, 12345, 6}));
        assertEquals("kern.osreldate.7", oidName(new int[] {1, 24, 7}));
        assertEquals("ENOENT", sysctl(meta(4, new int[] {1, 12345}), 64, null).errno());
    }

    @Test
    void kernelReleaseValues() {
        assertEquals(1302001, byName("kern.osreldate", 4).asInt());
        assertEquals("FreeBSD", byName("kern.ostype", 64).asString());
        assertEquals("13.2-RELEASE", byName("kern.osrelease", 64).asString());
        assertEquals("ENOENT", byName("kern.features.vimage", 4).errno());
        assertEquals(1, byName("kern.features.inet", 4).asInt());
    }

    @Test
    void racctEnableIsABooleanByte() {
        Answer on = byName("kern.racct.enable", 4);
        assertEquals(1, on.oldlen());
        assertEquals(1, on.old()[0]);
        model.racct(false);
        assertEquals(0, byName("kern.racct.enable", 4).old()[0]);
    }

    @Test
    void hostKnobsHaveTheHostDefaults() {
        assertEquals(255, byName("security.jail.jail_max_af_ips", 4).asInt());
        assertEquals(1, byName("security.jail.set_hostname_allowed", 4).asInt());
        assertEquals(1, byName("security.jail.socket_unixiproute_only", 4).asInt());
        assertEquals(0, byName("security.jail.sysvipc_allowed", 4).asInt());
        assertEquals(2, byName("security.jail.enforce_statfs", 4).asInt());
        assertEquals(0, byName("security.jail.vnet", 4).asInt());
        assertEquals(999999, byName("security.jail.children.max", 4).asInt());
        KernelCalls.create("k");
        assertEquals(1, byName("security.jail.children.cur", 4).asInt());
    }

    @Test
    void aBufferTooSmallIsEnomemWithTheBufferFilledAndItsSizeReported() {
        Answer a = byName("kern.osrelease", 4);
        assertAll(() -> assertEquals("ENOMEM", a.errno()), () -> assertEquals(4, a.oldlen()),
                () -> assertArrayEquals("13.2".getBytes(StandardCharsets.US_ASCII), a.old()));
    }

    @Test
    void aNullBufferReportsTheSizeNeeded() {
        Pointer len = oldlen(0);
        assertEquals(0, FreeBsdLibs.sysctl().sysctlbyname("kern.osrelease", null, len, null, 0));
        assertEquals(13, len.getLong(0));
    }

    @Test
    void readOnlyValuesCannotBeWritten() {
        Answer a = sysctl(oid("security.jail.jailed"), 4, KernelCalls.i32(1));
        assertEquals("EPERM", a.errno());
    }

    @Test
    void aKnobWriteChangesWhatJail2Seeds() {
        Answer a = sysctl(oid("security.jail.allow_raw_sockets"), 4, KernelCalls.i32(1));
        assertEquals(null, a.errno());
        assertEquals(1, byName("security.jail.allow_raw_sockets", 4).asInt());
    }

    @Test
    void theListHasOneRecordPerJail() {
        int jid = KernelCalls.create("listed", iov -> iov.add("ip4.addr", KernelCalls.addrs("10.0.0.1")));
        Answer a = byName("security.jail.list", 4096);
        assertEquals(1560 + 4, a.oldlen());
        ByteBuffer b = ByteBuffer.wrap(a.old()).order(ByteOrder.nativeOrder());
        assertAll(() -> assertEquals(3, b.getInt(0)), () -> assertEquals(jid, b.getInt(4)),
                () -> assertEquals(1, b.getInt(1552)),
                () -> assertArrayEquals(KernelCalls.addrs("10.0.0.1"), Arrays.copyOfRange(a.old(), 1560, 1564)));
    }
}
