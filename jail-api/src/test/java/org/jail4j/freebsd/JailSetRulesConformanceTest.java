package org.jail4j.freebsd;

import static org.jail4j.freebsd.KernelCalls.CREATE;
import static org.jail4j.freebsd.KernelCalls.UPDATE;
import static org.jail4j.freebsd.KernelCalls.addrs;
import static org.jail4j.freebsd.KernelCalls.create;
import static org.jail4j.freebsd.KernelCalls.cstr;
import static org.jail4j.freebsd.KernelCalls.i32;
import static org.jail4j.freebsd.KernelCalls.lastErrno;
import static org.jail4j.freebsd.KernelCalls.read;
import static org.jail4j.freebsd.KernelCalls.readInt;
import static org.jail4j.freebsd.KernelCalls.readString;
import static org.jail4j.freebsd.KernelCalls.set;
import static org.jail4j.freebsd.KernelCalls.tryCreate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;

import org.jail4j.ffi.IovecList;
import org.jail4j.freebsd.KernelCalls.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** jail_set(2) rules of FREEBSD-ABI.md §1–§3 that the measured table does not cover, against the kernel model. */
class JailSetRulesConformanceTest {
    @RegisterExtension
    final KernelModel model = new KernelModel();

    /** {@code n} distinct addresses 10.1.x.y in network order. */
    private static byte[] manyAddrs(int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n);
        for (int i = 1; i <= n; i++) {
            b.put((byte) 10).put((byte) 1).put((byte) (i >> 8)).put((byte) i);
        }
        return b.array();
    }

    @Test
    void moreThan1024IovecsIsEinval() {
        IovecList iov = IovecList.create();
        for (int i = 0; i < 512; i++) {
            iov.addBool("persist", true);
        }
        set(CREATE, iov).assertFails("EINVAL", null);
    }

    @Test
    void moreThan64KiBOfParametersIsABareEinval() {
        tryCreate("big", iov -> iov.add("host.hostname", new byte[65536])).assertFails("EINVAL", null);
    }

    @Test
    void aNullValueWithALengthIsEfault() {
        tryCreate("nul", iov -> iov.addNull("host.hostname", 4)).assertFails("EFAULT", null);
    }

    @Test
    void unknownFlagBitsAreABareEinval() {
        tryCreate("f", iov -> { }).ret();
        for (int flags : new int[] {0x10, 0x100, CREATE | 0x80}) {
            Result r = set(flags, iov -> {
                iov.add("name", cstr("g"));
                iov.addBool("persist", true);
            });
            r.assertFails("EINVAL", null);
        }
    }

    @Test
    void upTo255AddressesPerFamilyAndNoMore() {
        tryCreate("ok", iov -> iov.add("ip4.addr", manyAddrs(255))).assertOk();
        tryCreate("many", iov -> iov.add("ip4.addr", manyAddrs(256)))
                .assertFails("EINVAL", "too many IPv4 addresses");
    }

    @Test
    void sharedAddressesClashOnlyWhenEitherJailHasMoreThanOne() {
        tryCreate("one", iov -> iov.add("ip4.addr", addrs("10.0.0.1"))).assertOk();
        tryCreate("same", iov -> iov.add("ip4.addr", addrs("10.0.0.1"))).assertOk();
        tryCreate("two", iov -> iov.add("ip4.addr", addrs("10.0.0.2", "10.0.0.1")))
                .assertFails("EADDRINUSE", "IPv4 addresses clash");
        tryCreate("v6a", iov -> iov.add("ip6.addr", addrs("fd00::1", "fd00::2"))).assertOk();
        tryCreate("v6b", iov -> iov.add("ip6.addr", addrs("fd00::2")))
                .assertFails("EADDRINUSE", "IPv6 addresses clash");
    }

    @Test
    void aChildsAddressesMustBeAmongItsParents() {
        tryCreate("p", iov -> iov.add("ip4.addr", addrs("10.0.0.1"))).assertOk();
        tryCreate("p.c", iov -> iov.add("ip4.addr", addrs("10.0.0.3"))).assertFails("EPERM", null);
        tryCreate("p.d", iov -> iov.add("ip4.addr", addrs("10.0.0.1"))).assertOk();
    }

    /** The clash check also meets the parent: under a parent with two addresses, a child's is taken. */
    @Test
    void aChildSharingAnAddressOfAParentWithTwoClashes() {
        tryCreate("p", iov -> iov.add("ip4.addr", addrs("10.0.0.1", "10.0.0.2"))).assertOk();
        tryCreate("p.c", iov -> iov.add("ip4.addr", addrs("10.0.0.2")))
                .assertFails("EADDRINUSE", "IPv4 addresses clash");
    }

    @Test
    void aChildInheritsItsParentsAddressesWithIp4Inherit() {
        tryCreate("p", iov -> iov.add("ip4.addr", addrs("10.0.0.1"))).assertOk();
        int child = create("p.c", iov -> iov.add("ip4", i32(2)));
        assertArrayEquals(addrs("10.0.0.1"), read(child, "ip4.addr", 64).iov().value(KernelCalls.READ_VALUE));
    }

    @Test
    void childrenKeepOnlyTheAddressesTheirParentStillHas() {
        int p = create("p", iov -> iov.add("ip4.addr", addrs("10.0.0.1")));
        int own = create("p.own", iov -> iov.add("ip4.addr", addrs("10.0.0.1")));
        int inherited = create("p.inh", iov -> iov.add("ip4", i32(2)));
        set(UPDATE, iov -> {
            iov.add("jid", i32(p));
            iov.add("ip4.addr", addrs("10.0.0.2"));
        }).assertOk();
        assertEquals(0, read(own, "ip4.addr", 64).iov().length(KernelCalls.READ_VALUE));
        assertArrayEquals(addrs("10.0.0.2"), read(inherited, "ip4.addr", 64).iov().value(KernelCalls.READ_VALUE));
    }

    @Test
    void aChildMayNotBeLessRestrictedThanItsParent() {
        int p = create("p", iov -> iov.add("enforce_statfs", i32(1)));
        tryCreate("p.c", iov -> iov.add("enforce_statfs", i32(0))).assertFails("EPERM", null);
        tryCreate("p.d", iov -> iov.addBool("allow.raw_sockets", true)).assertFails("EPERM", null);
        tryCreate("p.e", iov -> iov.addBool("allow.unprivileged_proc_debug", true)).assertOk();
        tryCreate("p.f", iov -> iov.add("children.max", i32(0))).assertFails("EPERM", null);
        set(UPDATE, iov -> {
            iov.add("jid", i32(p));
            iov.add("children.max", i32(3));
        }).assertOk();
        tryCreate("p.g", iov -> iov.add("children.max", i32(2))).assertOk();
    }

    @Test
    void parentSettingsReachTheChildren() {
        int p = create("p", iov -> iov.add("children.max", i32(5)));
        int c = create("p.c", iov -> iov.add("children.max", i32(4)));
        set(UPDATE, iov -> {
            iov.add("jid", i32(p));
            iov.add("securelevel", i32(2));
            iov.add("children.max", i32(2));
            iov.addBool("allow.set_hostname", false);
        }).assertOk();
        assertEquals(2, readInt(c, "securelevel"));
        assertEquals(1, readInt(c, "children.max"));
        assertEquals(0, readInt(c, "allow.set_hostname"));
    }

    @Test
    void renamingAJailRenamesItsChildren() {
        int p = create("p");
        int c = create("p.c");
        set(UPDATE, iov -> {
            iov.add("jid", i32(p));
            iov.add("name", cstr("q"));
        }).assertOk();
        assertEquals("q.c", readString(c, "name", 256));
    }

    @Test
    void aHierarchicalNameCannotMoveAJail() {
        create("p");
        int c = create("p.c");
        create("r");
        set(UPDATE, iov -> {
            iov.add("jid", i32(c));
            iov.add("name", cstr("r.c"));
        }).assertFails("EINVAL", "cannot change jail's parent");
    }

    @Test
    void osreleaseAndOsreldateRules() {
        tryCreate("o", iov -> iov.add("osrelease", cstr("x".repeat(32))))
                .assertFails("ENAMETOOLONG", "osrelease string must be 1-31 bytes long");
        tryCreate("o", iov -> iov.add("osreldate", i32(0))).assertFails("EINVAL", "osreldate cannot be 0");
        int jid = create("o", iov -> {
            iov.add("osrelease", cstr("12.4-RELEASE"));
            iov.add("osreldate", i32(1204000));
        });
        assertEquals("12.4-RELEASE", readString(jid, "osrelease", 32));
        assertEquals(1204000, readInt(jid, "osreldate"));
        set(UPDATE, iov -> {
            iov.add("jid", i32(jid));
            iov.add("osreldate", i32(1));
        }).assertFails("EINVAL", "osreldate cannot be changed after creation");
    }

    @Test
    void anUpdateNeedsAKey() {
        set(UPDATE, iov -> iov.addBool("persist", true)).assertFails("ENOENT", "update specified no jail");
    }

    @Test
    void anExplicitJidThatExistsIsEexist() {
        int jid = create("x");
        tryCreate("y", iov -> iov.add("jid", i32(jid))).assertFails("EEXIST", "jail " + jid + " already exists");
    }

    @Test
    void readOnlyAndGetOnlyNamesAreUnknownToJailSet() {
        tryCreate("ro", iov -> iov.add("dying", i32(0))).assertFails("EINVAL", "unknown parameter: dying");
        tryCreate("ro", iov -> iov.add("lastjid", i32(0))).assertFails("EINVAL", "unknown parameter: lastjid");
    }

    @Test
    void errmsgIsTruncatedToItsBuffer() {
        KernelCalls.RawIovec raw = new KernelCalls.RawIovec(cstr("name"), 5, cstr("t"), 2, cstr("persist"), 8,
                null, 0, cstr("foo.bar"), 8, null, 0, cstr("errmsg"), 7, new byte[8], 8);
        assertEquals(-1, raw.set(CREATE));
        assertEquals("EINVAL", lastErrno());
        assertArrayEquals(cstr("unknown"), raw.bytes(7, 8));
    }

    @Test
    void aLaterErrmsgPairReplacesAnEarlierOne() {
        IovecList iov = IovecList.create();
        iov.add("name", cstr("t"));
        iov.addBool("persist", true);
        iov.addNull("foo.bar", 0);
        int early = iov.add("errmsg", new byte[8]);
        Result r = set(CREATE, iov);
        r.assertFails("EINVAL", "unknown parameter: foo.bar");
        assertArrayEquals(new byte[8], iov.buffer(early));
    }

    @Test
    void updatesAreVisibleToJailGet() {
        int jid = create("u", iov -> iov.add("host.hostname", cstr("before")));
        set(UPDATE, iov -> {
            iov.add("jid", i32(jid));
            iov.add("host.hostname", cstr("after"));
            iov.add("ip4.addr", addrs("10.0.0.7"));
        }).assertOk();
        assertEquals("after", readString(jid, "host.hostname", 256));
        assertArrayEquals(addrs("10.0.0.7"), read(jid, "ip4.addr", 64).iov().value(KernelCalls.READ_VALUE));
    }
}
