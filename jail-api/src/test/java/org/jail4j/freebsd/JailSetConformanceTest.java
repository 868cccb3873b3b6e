package org.jail4j.freebsd;

import static org.jail4j.freebsd.KernelCalls.ATTACH;
import static org.jail4j.freebsd.KernelCalls.CREATE;
import static org.jail4j.freebsd.KernelCalls.DYING;
import static org.jail4j.freebsd.KernelCalls.UPDATE;
import static org.jail4j.freebsd.KernelCalls.addrs;
import static org.jail4j.freebsd.KernelCalls.bytes;
import static org.jail4j.freebsd.KernelCalls.create;
import static org.jail4j.freebsd.KernelCalls.cstr;
import static org.jail4j.freebsd.KernelCalls.i32;
import static org.jail4j.freebsd.KernelCalls.i64;
import static org.jail4j.freebsd.KernelCalls.read;
import static org.jail4j.freebsd.KernelCalls.readInt;
import static org.jail4j.freebsd.KernelCalls.readString;
import static org.jail4j.freebsd.KernelCalls.set;
import static org.jail4j.freebsd.KernelCalls.tryCreate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jail4j.ffi.IovecList;
import org.jail4j.freebsd.KernelCalls.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** jail_set(2) rows A1–A36 and E1–E4 of FREEBSD-KERNEL-ANSWERS.md, against the kernel model. */
class JailSetConformanceTest {
    @RegisterExtension
    final KernelModel model = new KernelModel();

    private static void assertNoJailNamed(String name) {
        IovecList iov = IovecList.create();
        iov.add("name", cstr(name));
        KernelCalls.get(0, iov).assertFails("ENOENT", "jail \"" + name + "\" not found");
    }

    @Test
    void a1OddIovecCountWithoutErrmsgIsEinvalBeforeParsing() {
        KernelCalls.RawIovec raw = new KernelCalls.RawIovec(cstr("name"), 5, cstr("a1"), 3, cstr("persist"), 8);
        assertEquals(-1, raw.set(CREATE));
        assertEquals("EINVAL", KernelCalls.lastErrno());
        assertNoJailNamed("a1");
    }

    @Test
    void a1bOddIovecCountLeavesAFirstErrmsgUnwritten() {
        KernelCalls.RawIovec raw = new KernelCalls.RawIovec(cstr("errmsg"), 7, new byte[1024], 1024,
                cstr("name"), 5, cstr("a1"), 3, cstr("persist"), 8);
        assertEquals(-1, raw.set(CREATE));
        assertEquals("EINVAL", KernelCalls.lastErrno());
        assertArrayEquals(new byte[1024], raw.bytes(1, 1024));
    }

    @Test
    void a2NameWithoutNulIsABareEinval() {
        IovecList iov = IovecList.create();
        iov.add("name", cstr("a2"));
        iov.addRawName(bytes("persist"));
        iov.addRawValue(new byte[0]);
        KernelCalls.set(CREATE, iov).assertFails("EINVAL", null);
    }

    @Test
    void a3UnknownParameterIsNamedInErrmsg() {
        tryCreate("a3", iov -> iov.addNull("foo.bar", 0)).assertFails("EINVAL", "unknown parameter: foo.bar");
        assertNoJailNamed("a3");
    }

    @Test
    void a4NoCreateOrUpdateFlagIsNoValidOperation() {
        set(0, iov -> {
            iov.add("name", cstr("x"));
            iov.addBool("persist", true);
        }).assertFails("EINVAL", "no valid operation (create or update)");
    }

    @Test
    void a5NewJailWithoutPersistOrAttachIsRejectedAndNothingIsCreated() {
        set(CREATE, iov -> {
            iov.add("name", cstr("x"));
            iov.add("path", cstr("/"));
        }).assertFails("EINVAL", "new jail must persist or attach");
        assertNoJailNamed("x");
    }

    @Test
    void a6NonexistentPathIsABareEnoent() {
        set(CREATE, iov -> {
            iov.add("name", cstr("a6"));
            iov.add("path", cstr("/j/nonexistent"));
            iov.addBool("persist", true);
        }).assertFails("ENOENT", null);
    }

    @Test
    void a7PathToARegularFileIsABareEnotdir(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("file"));
        set(CREATE, iov -> {
            iov.add("name", cstr("a7"));
            iov.add("path", cstr(file.toString()));
            iov.addBool("persist", true);
        }).assertFails("ENOTDIR", null);
    }

    @Test
    void a8NumericNameWithoutJidBecomesTheJid() {
        Result r = tryCreate("5", iov -> { });
        r.assertOk();
        assertEquals(5, r.ret());
        IovecList iov = IovecList.create();
        iov.add("name", cstr("5"));
        int jid = iov.addOutput("jid", 4);
        Result g = KernelCalls.get(0, iov);
        g.assertOk();
        assertEquals(5, g.intValue(jid));
    }

    @Test
    void a9NumericNameOtherThanTheJidIsRejectedAndNothingIsCreated() {
        tryCreate("7", iov -> iov.add("jid", i32(3)))
                .assertFails("EINVAL", "name cannot be numeric (unless it is the jid)");
        IovecList iov = IovecList.create();
        iov.add("jid", i32(3));
        KernelCalls.get(0, iov).assertFails("ENOENT", "jail 3 not found");
    }

    @Test
    void a10NegativeJidIsRejected() {
        tryCreate("a10", iov -> iov.add("jid", i32(-1))).assertFails("EINVAL", "negative jid");
    }

    @Test
    void a11JidsAboveJailMaxAreAccepted() {
        Result big = tryCreate("a11", iov -> iov.add("jid", i32(1000000)));
        big.assertOk();
        assertEquals(1000000, big.ret());
        Result max = tryCreate("a11b", iov -> iov.add("jid", i32(999999)));
        max.assertOk();
        assertEquals(999999, max.ret());
    }

    @Test
    void a11ExplicitJidsLeaveAutomaticNumberingAlone() {
        tryCreate("a3", iov -> iov.addNull("foo.bar", 0)).assertFails("EINVAL", "unknown parameter: foo.bar");
        assertEquals(5, create("5"));
        assertEquals(1000000, create("big", iov -> iov.add("jid", i32(1000000))));
        assertEquals(2, create("next"));
    }

    @Test
    void a12IntParameterWithEightBytesIsABareEinval() {
        tryCreate("a12", iov -> iov.add("securelevel", i64(1))).assertFails("EINVAL", null);
    }

    @Test
    void a13StringWithoutNulIsABareEinval() {
        tryCreate("a13", iov -> iov.add("host.hostname", bytes("abc"))).assertFails("EINVAL", null);
    }

    @Test
    void a14HostnameOf257BytesIsEnametoolong() {
        tryCreate("a14", iov -> iov.add("host.hostname", cstr("a".repeat(256))))
                .assertFails("ENAMETOOLONG", null);
    }

    @Test
    void a15HostnameOf256BytesIsAcceptedAndReadBackWithTheBufferLength() {
        int jid = create("a15", iov -> iov.add("host.hostname", cstr("a".repeat(255))));
        Result r = read(jid, "host.hostname", 512);
        assertEquals("a".repeat(255), r.stringValue(KernelCalls.READ_VALUE));
        assertEquals(512, r.iov().length(KernelCalls.READ_VALUE));
    }

    @Test
    void a16NameOf257BytesIsEnametoolongAnd256Fits() {
        tryCreate("n".repeat(256), iov -> { }).assertFails("ENAMETOOLONG", null);
        int jid = create("n".repeat(255));
        assertEquals("n".repeat(255), readString(jid, "name", 256));
    }

    @Test
    void a17EnforceStatfsAboveTwoIsABareEinval() {
        tryCreate("a17", iov -> iov.add("enforce_statfs", i32(3))).assertFails("EINVAL", null);
    }

    @Test
    void a18SecurelevelBelowTheParentsIsEpermAndNothingIsCreated() {
        tryCreate("a18", iov -> iov.add("securelevel", i32(-2))).assertFails("EPERM", null);
        IovecList iov = IovecList.create();
        iov.add("lastjid", i32(0));
        KernelCalls.get(0, iov).assertFails("ENOENT", "no jail after 0");
    }

    @Test
    void a18SecurelevelAtOrAboveTheParentsIsKept() {
        assertEquals(3, readInt(create("a18b", iov -> iov.add("securelevel", i32(3))), "securelevel"));
        assertEquals(-1, readInt(create("a18c", iov -> iov.add("securelevel", i32(-1))), "securelevel"));
    }

    @Test
    void a19PersistWithAValueStillPersists() {
        int jid = set(CREATE, iov -> {
            iov.add("name", cstr("a19"));
            iov.add("path", cstr("/"));
            iov.add("persist", i32(0));
        }).ret();
        assertEquals(1, readInt(jid, "persist"));
        assertEquals(0, readInt(jid, "nopersist"));
    }

    @Test
    void a20NoFormsClearAllowFlags() {
        int jid = create("a20", iov -> {
            iov.addBool("allow.mount", false);
            iov.addBool("allow.set_hostname", false);
        });
        assertEquals(0, readInt(jid, "allow.mount"));
        assertEquals(0, readInt(jid, "allow.set_hostname"));
    }

    @Test
    void a21AddressListNotAMultipleOfFourIsABareEinval() {
        tryCreate("a21", iov -> iov.add("ip4.addr", new byte[5])).assertFails("EINVAL", null);
    }

    @Test
    void a22AddressesComeBackAsGivenWhenTheTailIsSorted() {
        int jid = create("a22", iov -> iov.add("ip4.addr", addrs("10.0.0.9", "10.0.0.3", "10.0.0.5")));
        Result r = read(jid, "ip4.addr", 256);
        assertEquals(12, r.iov().length(KernelCalls.READ_VALUE));
        assertArrayEquals(addrs("10.0.0.9", "10.0.0.3", "10.0.0.5"), r.iov().value(KernelCalls.READ_VALUE));
        assertEquals(0, readInt(jid, "ip4"));
    }

    @Test
    void a22bTheFirstAddressStaysFirstAndTheRestAreSorted() {
        int jid = create("a22b", iov -> iov.add("ip4.addr", addrs("10.0.0.9", "10.0.0.5", "10.0.0.3")));
        assertArrayEquals(addrs("10.0.0.9", "10.0.0.3", "10.0.0.5"),
                read(jid, "ip4.addr", 256).iov().value(KernelCalls.READ_VALUE));
    }

    @Test
    void a22cDuplicateAddressIsABareEinval() {
        tryCreate("a22c", iov -> iov.add("ip4.addr", addrs("10.0.0.1", "10.0.0.1"))).assertFails("EINVAL", null);
    }

    @Test
    void a22dEmptyAddressListRestrictsToNoAddresses() {
        int jid = create("a22d", iov -> iov.addNull("ip4.addr", 0));
        assertEquals(0, readInt(jid, "ip4"));
        assertEquals(0, read(jid, "ip4.addr", 64).iov().length(KernelCalls.READ_VALUE));
    }

    @Test
    void a23AnyAndBroadcastAddressesAreBareEinval() {
        tryCreate("a23a", iov -> iov.add("ip4.addr", addrs("0.0.0.0"))).assertFails("EINVAL", null);
        tryCreate("a23b", iov -> iov.add("ip4.addr", addrs("255.255.255.255"))).assertFails("EINVAL", null);
    }

    @Test
    void a24Ip4DisableWithAnAddressKeepsTheAddress() {
        int jid = create("a24", iov -> {
            iov.add("ip4", i32(0));
            iov.add("ip4.addr", addrs("10.0.0.1"));
        });
        assertEquals(0, readInt(jid, "ip4"));
        assertArrayEquals(addrs("10.0.0.1"), read(jid, "ip4.addr", 64).iov().value(KernelCalls.READ_VALUE));
    }

    @Test
    void a24bIp4InheritWithoutAddressesReadsInherit() {
        int jid = create("a24b", iov -> iov.add("ip4", i32(2)));
        assertEquals(2, readInt(jid, "ip4"));
        assertEquals(0, read(jid, "ip4.addr", 64).iov().length(KernelCalls.READ_VALUE));
    }

    @Test
    void a24cIp4NewReadsBackAsDisable() {
        assertEquals(0, readInt(create("a24c", iov -> iov.add("ip4", i32(1))), "ip4"));
    }

    @Test
    void a24dIp4DisableReadsDisable() {
        assertEquals(0, readInt(create("a24d", iov -> iov.add("ip4", i32(0))), "ip4"));
    }

    @Test
    void a24eJailsysOutOfRangeIsABareEinval() {
        tryCreate("a24e", iov -> iov.add("ip4", i32(3))).assertFails("EINVAL", null);
    }

    @Test
    void a24fHostCannotBeDisabled() {
        tryCreate("a24f", iov -> iov.add("host", i32(0))).assertFails("EINVAL", null);
    }

    @Test
    void a24gHostInheritReadsInheritWithTheHostsEmptyHostname() {
        int jid = create("a24g", iov -> iov.add("host", i32(2)));
        assertEquals(2, readInt(jid, "host"));
        assertEquals("", readString(jid, "host.hostname", 256));
    }

    @Test
    void a24hIp4InheritWithAnAddressIsRestricted() {
        int jid = create("a24h", iov -> {
            iov.add("ip4", i32(2));
            iov.add("ip4.addr", addrs("10.0.0.1"));
        });
        assertEquals(0, readInt(jid, "ip4"));
        assertArrayEquals(addrs("10.0.0.1"), read(jid, "ip4.addr", 64).iov().value(KernelCalls.READ_VALUE));
    }

    @Test
    void a24iIp4CannotBeChangedByAnUpdate() {
        int jid = create("a24i");
        set(UPDATE, iov -> {
            iov.add("jid", i32(jid));
            iov.add("ip4", i32(2));
        }).assertFails("EINVAL", "ip4 cannot be changed after creation");
    }

    @Test
    void a25PathCannotBeChangedByAnUpdate() {
        int jid = create("a25");
        set(UPDATE, iov -> {
            iov.add("jid", i32(jid));
            iov.add("path", cstr("/tmp"));
        }).assertFails("EINVAL", "path cannot be changed after creation");
    }

    @Test
    void a26OsreleaseCannotBeChangedByAnUpdate() {
        int jid = create("a26");
        set(UPDATE, iov -> {
            iov.add("jid", i32(jid));
            iov.add("osrelease", cstr("99.0"));
        }).assertFails("EINVAL", "osrelease cannot be changed after creation");
    }

    @Test
    void a27UpdateOfAnUnknownJidIsEnoent() {
        set(UPDATE, iov -> {
            iov.add("jid", i32(4242));
            iov.add("host.hostname", cstr("x"));
        }).assertFails("ENOENT", "jail 4242 not found");
    }

    @Test
    void a28CreateOrUpdateIsNotAnUpsertWithoutPersist() {
        int cu = CREATE | UPDATE;
        set(cu, iov -> {
            iov.add("name", cstr("cu"));
            iov.add("path", cstr("/"));
            iov.addBool("persist", true);
        }).assertFails("EINVAL", "path cannot be changed after creation");
        set(cu, iov -> {
            iov.add("name", cstr("cu"));
            iov.add("host.hostname", cstr("changed"));
        }).assertFails("EINVAL", "new jail must persist or attach");
        Result created = set(cu, iov -> {
            iov.add("name", cstr("cu"));
            iov.addBool("persist", true);
        });
        created.assertOk();
        int jid = created.ret();
        assertEquals("/", readString(jid, "path", 1024));
        set(cu, iov -> {
            iov.add("name", cstr("cu"));
            iov.add("host.hostname", cstr("changed"));
        }).assertFails("EINVAL", "new jail must persist or attach");
        assertEquals("", readString(jid, "host.hostname", 256));
        Result updated = set(cu, iov -> {
            iov.add("name", cstr("cu"));
            iov.addBool("persist", true);
            iov.add("host.hostname", cstr("changed"));
        });
        updated.assertOk();
        assertEquals(jid, updated.ret());
        assertEquals("changed", readString(jid, "host.hostname", 256));
        tryCreate("cu", iov -> { }).assertFails("EEXIST", "jail \"cu\" already exists");
        set(UPDATE, iov -> {
            iov.add("name", cstr("cu2"));
            iov.addBool("persist", true);
        }).assertFails("ENOENT", "jail \"cu2\" not found");
    }

    @Test
    void a29VnetIsUnknownWithoutVimage() {
        tryCreate("a29", iov -> iov.add("vnet", i32(1))).assertFails("EINVAL", "unknown parameter: vnet");
    }

    @Test
    void a30SysvNewAndAllowSysvipcAreKept() {
        assertEquals(1, readInt(create("a30a", iov -> iov.add("sysvshm", i32(1))), "sysvshm"));
        int jid = create("a30b", iov -> iov.addBool("allow.sysvipc", true));
        assertEquals(1, readInt(jid, "allow.sysvipc"));
        assertEquals(2, readInt(jid, "sysvshm"));
    }

    @Test
    void a31DyingFlagIsAcceptedOnCreate() {
        Result r = set(CREATE | DYING, iov -> {
            iov.add("name", cstr("a31"));
            iov.add("path", cstr("/"));
            iov.addBool("persist", true);
        });
        r.assertOk();
        assertEquals("a31", readString(r.ret(), "name", 256));
    }

    @Test
    void a32HierarchicalNameNeedsItsParent() {
        tryCreate("a.b", iov -> { }).assertFails("ENOENT", "jail \"a\" not found");
    }

    @Test
    void a33ChildrenMaxMustStayBelowTheParents() {
        int jid = create("a33", iov -> iov.add("children.max", i32(2)));
        assertEquals(2, readInt(jid, "children.max"));
        assertEquals(0, readInt(jid, "children.cur"));
        tryCreate("a33b", iov -> iov.add("children.max", i32(999999))).assertFails("EPERM", null);
        assertEquals(-1, readInt(create("a33c", iov -> iov.add("children.max", i32(-1))), "children.max"));
    }

    @Test
    void a34DevfsRulesetIsKept() {
        assertEquals(4, readInt(create("a34", iov -> iov.add("devfs_ruleset", i32(4))), "devfs_ruleset"));
    }

    @Test
    void a35HostuuidIsLimitedTo64BytesWithTheNul() {
        tryCreate("a35a", iov -> iov.add("host.hostuuid", cstr("u".repeat(64)))).assertFails("ENAMETOOLONG", null);
        int jid = create("a35b", iov -> iov.add("host.hostuuid", cstr("u".repeat(63))));
        assertEquals("u".repeat(63), readString(jid, "host.hostuuid", 64));
    }

    @Test
    void a36Ip6AddressIsKeptAndIp6ReadsZero() {
        int jid = create("a36", iov -> iov.add("ip6.addr", addrs("::1")));
        Result r = read(jid, "ip6.addr", 64);
        assertEquals(16, r.iov().length(KernelCalls.READ_VALUE));
        assertArrayEquals(addrs("::1"), r.iov().value(KernelCalls.READ_VALUE));
        assertEquals(0, readInt(jid, "ip6"));
    }

    @Test
    void e1PersistThenNopersistTheLaterWins() {
        set(CREATE, iov -> {
            iov.add("name", cstr("e1"));
            iov.add("path", cstr("/"));
            iov.addBool("persist", true);
            iov.addBool("persist", false);
        }).assertFails("EINVAL", "new jail must persist or attach");
    }

    @Test
    void e2NopersistThenPersistTheLaterWins() {
        set(CREATE, iov -> {
            iov.add("name", cstr("e2"));
            iov.add("path", cstr("/"));
            iov.addBool("persist", false);
            iov.addBool("persist", true);
        }).assertOk();
    }

    @Test
    void e3DuplicateHostnameTheLaterWins() {
        int jid = create("e3", iov -> {
            iov.add("host.hostname", cstr("first"));
            iov.add("host.hostname", cstr("second"));
        });
        assertEquals("second", readString(jid, "host.hostname", 256));
    }

    @Test
    void e4AllowThenNoAllowTheLaterWins() {
        int jid = create("e4", iov -> {
            iov.addBool("allow.mount", true);
            iov.addBool("allow.mount", false);
        });
        assertEquals(0, readInt(jid, "allow.mount"));
    }

    @Test
    void rejectedUnknownParameterUsesUpAnAutomaticJid() {
        tryCreate("x", iov -> iov.addNull("foo", 0)).assertFails("EINVAL", "unknown parameter: foo");
        assertEquals(2, create("y"));
        assertEquals(3, create("z"));
    }

    @Test
    void rejectionsBeforeTheJailExistsDoNotUseUpAJid() {
        set(0, iov -> iov.addBool("persist", true)).assertFails("EINVAL", "no valid operation (create or update)");
        assertEquals(1, create("one"));
        tryCreate("one", iov -> { }).assertFails("EEXIST", "jail \"one\" already exists");
        set(CREATE, iov -> iov.add("name", cstr("two"))).assertFails("EINVAL", "new jail must persist or attach");
        set(CREATE, iov -> {
            iov.add("name", cstr("two"));
            iov.add("path", cstr("/j/nonexistent"));
            iov.addBool("persist", true);
        }).assertFails("ENOENT", null);
        assertEquals(2, create("two"));
    }

    @Test
    void attachMakesANonPersistentJailThatDiesWithItsLastProcess() {
        Result r = set(CREATE | ATTACH, iov -> {
            iov.add("name", cstr("att"));
            iov.add("path", cstr("/"));
        });
        r.assertOk();
        assertEquals(1, model.processes(r.ret()));
        assertEquals(0, readInt(r.ret(), "persist"));
        model.detachAll(r.ret());
        assertNoJailNamed("att");
    }
}
