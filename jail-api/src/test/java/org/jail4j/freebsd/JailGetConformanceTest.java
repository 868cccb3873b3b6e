package org.jail4j.freebsd;

import static org.jail4j.freebsd.KernelCalls.CREATE;
import static org.jail4j.freebsd.KernelCalls.addrs;
import static org.jail4j.freebsd.KernelCalls.create;
import static org.jail4j.freebsd.KernelCalls.cstr;
import static org.jail4j.freebsd.KernelCalls.get;
import static org.jail4j.freebsd.KernelCalls.i32;
import static org.jail4j.freebsd.KernelCalls.readInt;
import static org.jail4j.freebsd.KernelCalls.set;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jail4j.ffi.IovecList;
import org.jail4j.freebsd.KernelCalls.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** jail_get(2) rows B1–B13 and the B9 defaults of FREEBSD-KERNEL-ANSWERS.md, against the kernel model. */
class JailGetConformanceTest {
    @RegisterExtension
    final KernelModel model = new KernelModel();

    /** A buffer the kernel must not touch: 0xEE bytes. */
    private static byte[] sentinel(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 0xEE);
        return b;
    }

    private static IovecList byName(String name) {
        IovecList iov = IovecList.create();
        iov.add("name", cstr(name));
        return iov;
    }

    private static IovecList byJid(int jid) {
        IovecList iov = IovecList.create();
        iov.add("jid", i32(jid));
        return iov;
    }

    @Test
    void b1LastjidWalksTheJailsInJidOrderUntilEnoent() {
        int l1 = create("l1");
        int l2 = create("l2");
        int l3 = create("l3");
        int last = 0;
        for (int[] expected : new int[][] {{l1, 1}, {l2, 2}, {l3, 3}}) {
            IovecList iov = IovecList.create();
            int lastjid = iov.add("lastjid", i32(last));
            int jid = iov.addOutput("jid", 4);
            int name = iov.addOutput("name", 256);
            Result r = get(0, iov);
            final int from = last;
            assertAll(() -> assertEquals(expected[0], r.ret()),
                    () -> assertEquals(expected[0], r.intValue(jid)),
                    () -> assertEquals("l" + expected[1], r.stringValue(name)),
                    () -> assertEquals(from, r.intValue(lastjid), "lastjid is written back unchanged"));
            last = r.ret();
        }
        IovecList iov = IovecList.create();
        iov.add("lastjid", i32(l3));
        iov.addOutput("jid", 4);
        get(0, iov).assertFails("ENOENT", "no jail after " + l3);
    }

    @Test
    void b2UnknownParameterIsNamedAndItsBufferUntouched() {
        IovecList iov = byJid(create("b2"));
        int foo = iov.add("foo", sentinel(4));
        get(0, iov).assertFails("EINVAL", "unknown parameter: foo");
        assertArrayEquals(sentinel(4), iov.buffer(foo));
    }

    @Test
    void b3StringBufferTooSmallIsABareEinvalAndUnwritten() {
        IovecList iov = byJid(create("b3", i -> i.add("host.hostname", cstr("longhostname"))));
        int host = iov.add("host.hostname", sentinel(4));
        get(0, iov).assertFails("EINVAL", null);
        assertArrayEquals(sentinel(4), iov.buffer(host));
        assertEquals(4, iov.length(host));
    }

    @Test
    void b4IntIntoAnEightByteBufferIsABareEinvalAndUnwritten() {
        IovecList iov = byJid(create("b4"));
        int level = iov.add("securelevel", sentinel(8));
        get(0, iov).assertFails("EINVAL", null);
        assertArrayEquals(sentinel(8), iov.buffer(level));
    }

    @Test
    void b5NullBufferReportsTheSizeAnArrayNeeds() {
        IovecList iov = byJid(create("b5", i -> i.add("ip4.addr", addrs("10.0.0.1", "10.0.0.2"))));
        int addr = iov.addNull("ip4.addr", 0);
        get(0, iov).assertOk();
        assertEquals(8, iov.length(addr));
    }

    @Test
    void b5bArrayBufferTooSmallIsABareEinvalAndLenIsNotCopiedBack() {
        IovecList iov = byJid(create("b5b", i -> i.add("ip4.addr", addrs("10.0.0.1", "10.0.0.2"))));
        int addr = iov.add("ip4.addr", sentinel(4));
        get(0, iov).assertFails("EINVAL", null);
        assertArrayEquals(sentinel(4), iov.buffer(addr));
        assertEquals(4, iov.length(addr));
    }

    @Test
    void b5cArrayLenBecomesTheByteCount() {
        IovecList iov = byJid(create("b5c", i -> i.add("ip4.addr", addrs("10.0.0.1", "10.0.0.2"))));
        int addr = iov.addOutput("ip4.addr", 64);
        get(0, iov).assertOk();
        assertEquals(8, iov.length(addr));
        assertArrayEquals(addrs("10.0.0.1", "10.0.0.2"), iov.value(addr));
    }

    @Test
    void b5dNullBufferWithoutAddressesReportsZero() {
        IovecList iov = byJid(create("b5d"));
        int addr = iov.addNull("ip4.addr", 0);
        get(0, iov).assertOk();
        assertEquals(0, iov.length(addr));
    }

    @Test
    void b5eBufferWithoutAddressesGetsLenZeroAndStaysUntouched() {
        IovecList iov = byJid(create("b5e"));
        int addr = iov.add("ip4.addr", sentinel(16));
        get(0, iov).assertOk();
        assertEquals(0, iov.length(addr));
        assertArrayEquals(sentinel(16), iov.buffer(addr));
    }

    /** Asks for {@code first} then {@code second}: only the later is written, with {@code value}. */
    private static void assertOnlyTheLaterIsWritten(String first, String second, int value) {
        IovecList iov = byJid(create("pair"));
        int early = iov.add(first, sentinel(4));
        int late = iov.add(second, sentinel(4));
        Result r = get(0, iov);
        r.assertOk();
        assertArrayEquals(sentinel(4), iov.buffer(early));
        assertEquals(value, r.intValue(late));
    }

    @Test
    void b6aOfNopersistThenPersistOnlyTheLaterIsWritten() {
        assertOnlyTheLaterIsWritten("nopersist", "persist", 1);
    }

    @Test
    void b6bNopersistAloneReadsTheNegation() {
        assertEquals(0, readInt(create("b6b"), "nopersist"));
    }

    @Test
    void b6cPersistAloneReadsOne() {
        assertEquals(1, readInt(create("b6c"), "persist"));
    }

    @Test
    void a19rOfPersistThenNopersistOnlyTheLaterIsWritten() {
        assertOnlyTheLaterIsWritten("persist", "nopersist", 0);
    }

    @Test
    void b7NoKeyIsNoJailSpecified() {
        get(0, IovecList.create()).assertFails("ENOENT", "no jail specified");
    }

    @Test
    void b8LastjidBeyondTheLastJail() {
        create("b8");
        IovecList iov = IovecList.create();
        iov.add("lastjid", i32(999998));
        get(0, iov).assertFails("ENOENT", "no jail after 999998");
    }

    @Test
    void b11ZeroJidIsNotAKey() {
        create("b11");
        get(0, byJid(0)).assertFails("ENOENT", "no jail specified");
    }

    @Test
    void b12ADuplicateNameReplacesTheEarlierKey() {
        create("d");
        IovecList iov = byName("d");
        iov.add("name", Arrays.copyOf("#UNWRITTEN#".getBytes(StandardCharsets.US_ASCII), 256));
        get(0, iov).assertFails("ENOENT", "jail \"#UNWRITTEN#\" not found");
    }

    @Test
    void b13NonzeroJidTakesPrecedenceOverName() {
        create("cu");
        IovecList iov = byName("cu");
        iov.add("jid", i32(424242));
        get(0, iov).assertFails("ENOENT", "jail 424242 not found");
    }

    @Test
    void b10HostCreatedChildrenAreNotLimitedByChildrenMax() {
        int a = create("a", i -> i.add("children.max", i32(1)));
        int ac = create("a.c");
        IovecList iov = byName("a.c");
        int jid = iov.addOutput("jid", 4);
        int parent = iov.addOutput("parent", 4);
        Result r = get(0, iov);
        r.assertOk();
        assertAll(() -> assertEquals(ac, r.intValue(jid)),
                () -> assertEquals(a, r.intValue(parent)),
                () -> assertEquals("a.c", KernelCalls.readString(ac, "name", 256)));
        assertEquals(1, readInt(a, "children.cur"));
        get(0, byName("c")).assertFails("ENOENT", "jail \"c\" not found");
        IovecList first = IovecList.create();
        first.add("lastjid", i32(0));
        int firstName = first.addOutput("name", 256);
        Result f = get(0, first);
        assertEquals(a, f.ret());
        assertEquals("a", f.stringValue(firstName));
        set(CREATE, i -> {
            i.add("name", cstr("a.c"));
            i.addBool("persist", true);
        }).assertFails("EEXIST", "jail \"a.c\" already exists");
        int ad = create("a.d");
        assertEquals(a, readInt(ad, "parent"));
        assertEquals(2, readInt(a, "children.cur"));
        assertEquals(1, readInt(a, "children.max"));
    }

    @Test
    void b9DefaultsOfANewJail() {
        int jid = create("d");
        Object[][] ints = {
            {"allow.set_hostname", 1}, {"allow.raw_sockets", 0}, {"allow.sysvipc", 0}, {"allow.mount", 0},
            {"allow.chflags", 0}, {"allow.socket_af", 0}, {"allow.reserved_ports", 1}, {"allow.mlock", 0},
            {"allow.mount.devfs", 0}, {"allow.read_msgbuf", 0}, {"allow.unprivileged_proc_debug", 1},
            {"allow.suser", 1}, {"enforce_statfs", 2}, {"securelevel", -1}, {"children.max", 0},
            {"persist", 1}, {"sysvshm", 0}, {"sysvmsg", 0}, {"sysvsem", 0}, {"children.cur", 0},
            {"devfs_ruleset", 0}, {"host", 1}, {"ip4", 0}, {"ip6", 0}, {"osreldate", 1302001}, {"parent", 0},
            {"dying", 0}, {"cpuset.id", 3}, {"jid", jid},
        };
        for (Object[] p : ints) {
            IovecList iov = byName("d");
            int v = iov.addOutput((String) p[0], 4);
            Result r = get(0, iov);
            assertEquals(jid, r.ret(), (String) p[0]);
            assertEquals(p[1], r.intValue(v), (String) p[0]);
        }
        Object[][] strings = {
            {"host.hostname", ""}, {"host.domainname", ""}, {"host.hostuuid", "00000000-0000-0000-0000-000000000000"},
            {"osrelease", "13.2-RELEASE"}, {"path", "/"},
        };
        for (Object[] p : strings) {
            IovecList iov = byName("d");
            int v = iov.addOutput((String) p[0], 1024);
            Result r = get(0, iov);
            assertEquals(jid, r.ret(), (String) p[0]);
            assertEquals(p[1], r.stringValue(v), (String) p[0]);
            assertEquals(1024, iov.length(v), (String) p[0] + " iov_len stays the buffer size");
        }
        IovecList hostid = byName("d");
        int h = hostid.addOutput("host.hostid", 8);
        assertEquals(0L, get(0, hostid).longValue(h));
        for (String array : new String[] {"ip4.addr", "ip6.addr"}) {
            IovecList iov = byName("d");
            int v = iov.add(array, sentinel(64));
            get(0, iov).assertOk();
            assertEquals(0, iov.length(v), array);
            assertArrayEquals(sentinel(64), iov.buffer(v), array);
        }
        IovecList vnet = byName("d");
        vnet.addOutput("vnet", 4);
        get(0, vnet).assertFails("EINVAL", "unknown parameter: vnet");
        assertEquals("d", KernelCalls.readString(jid, "name", 256));
    }

    @Test
    void nullBuffersReportTheSizeOfStringsAndInts() {
        IovecList iov = byJid(create("sizes"));
        int name = iov.addNull("name", 0);
        int level = iov.addNull("securelevel", 0);
        get(0, iov).assertOk();
        assertEquals(6, iov.length(name));
        assertEquals(4, iov.length(level));
    }

    @Test
    void aBufferErrorWinsOverAnUnknownParameter() {
        IovecList iov = byJid(create("order", i -> i.add("host.hostname", cstr("longhostname"))));
        iov.add("foo", sentinel(4));
        iov.add("host.hostname", sentinel(4));
        get(0, iov).assertFails("EINVAL", null);
    }

    @Test
    void aNullNameKeyIsABareEinval() {
        create("k");
        IovecList iov = IovecList.create();
        iov.addNull("name", 0);
        get(0, iov).assertFails("EINVAL", null);
    }

    @Test
    void unknownFlagBitsAreABareEinval() {
        IovecList iov = byJid(create("flags"));
        get(0x10, iov).assertFails("EINVAL", null);
    }
}
