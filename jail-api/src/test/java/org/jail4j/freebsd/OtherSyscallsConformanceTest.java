package org.jail4j.freebsd;

import static org.jail4j.freebsd.KernelCalls.DYING;
import static org.jail4j.freebsd.KernelCalls.addrs;
import static org.jail4j.freebsd.KernelCalls.create;
import static org.jail4j.freebsd.KernelCalls.cstr;
import static org.jail4j.freebsd.KernelCalls.get;
import static org.jail4j.freebsd.KernelCalls.i32;
import static org.jail4j.freebsd.KernelCalls.lastErrno;
import static org.jail4j.freebsd.KernelCalls.read;
import static org.jail4j.freebsd.KernelCalls.readInt;
import static org.jail4j.freebsd.KernelCalls.readString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.kenai.jffi.Library;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.jail4j.ffi.IovecList;
import org.jail4j.ffi.freebsd.FreeBsdLibs;
import org.jail4j.freebsd.KernelCalls.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rows D1–D2 of FREEBSD-KERNEL-ANSWERS.md: jail_attach, jail_remove and the obsolete jail(2). */
class OtherSyscallsConformanceTest {
    @RegisterExtension
    final KernelModel model = new KernelModel();

    private static Pointer cstring(String s) {
        byte[] b = cstr(s);
        Pointer p = Memory.allocateDirect(FreeBsdLibs.runtime(), b.length, true);
        p.put(0, b, 0, b.length);
        return p;
    }

    /** struct jail (version 2): path, hostname, jailname, no addresses. */
    private static Pointer jailV2(int version, Pointer path, Pointer hostname, Pointer jailname) {
        Pointer j = Memory.allocateDirect(FreeBsdLibs.runtime(), 56, true);
        j.putInt(0, version);
        j.putAddress(8, path.address());
        j.putAddress(16, hostname.address());
        j.putAddress(24, jailname == null ? 0L : jailname.address());
        return j;
    }

    /** struct jail_v0: path, hostname, one IPv4 address in host byte order. */
    private static Pointer jailV0(Pointer path, Pointer hostname, int ipNumber) {
        Pointer j = Memory.allocateDirect(FreeBsdLibs.runtime(), 32, true);
        j.putInt(0, 0);
        j.putAddress(8, path.address());
        j.putAddress(16, hostname.address());
        j.putInt(24, ipNumber);
        return j;
    }

    @Test
    void d1AttachToAnUnknownJidIsEinval() {
        assertEquals(-1, FreeBsdLibs.jail().jail_attach(4242));
        assertEquals("EINVAL", lastErrno());
    }

    @Test
    void d1RemoveOfZeroOrANegativeJidIsEinval() {
        assertEquals(-1, FreeBsdLibs.jail().jail_remove(0));
        assertEquals("EINVAL", lastErrno());
        assertEquals(-1, FreeBsdLibs.jail().jail_remove(-1));
        assertEquals("EINVAL", lastErrno());
    }

    @Test
    void removeThenRemoveAgainIsEinval() {
        int jid = create("r");
        assertEquals(0, FreeBsdLibs.jail().jail_remove(jid));
        assertEquals(-1, FreeBsdLibs.jail().jail_remove(jid));
        assertEquals("EINVAL", lastErrno());
    }

    @Test
    void attachRecordsAProcessInTheJail() {
        int jid = create("att");
        assertEquals(0, FreeBsdLibs.jail().jail_attach(jid));
        assertEquals(1, model.processes(jid));
    }

    @Test
    void d2Version2CreatesANonPersistentAttachedJailThatVanishesWithItsProcess() {
        int jid = FreeBsdLibs.jail().jail(jailV2(2, cstring("/"), cstring("legacy"), cstring("leg")));
        assertEquals(1, jid);
        IovecList iov = IovecList.create();
        iov.add("lastjid", i32(0));
        int found = iov.addOutput("jid", 4);
        int name = iov.addOutput("name", 256);
        int host = iov.addOutput("host.hostname", 256);
        int path = iov.addOutput("path", 1024);
        int persist = iov.addOutput("persist", 4);
        int addr = iov.addOutput("ip4.addr", 64);
        int ip4 = iov.addOutput("ip4", 4);
        Result r = get(0, iov);
        r.assertOk();
        assertEquals(jid, r.intValue(found));
        assertEquals("leg", r.stringValue(name));
        assertEquals("legacy", r.stringValue(host));
        assertEquals("/", r.stringValue(path));
        assertEquals(0, r.intValue(persist));
        assertEquals(0, iov.length(addr));
        assertEquals(0, r.intValue(ip4));
        model.detachAll(jid);
        IovecList dying = IovecList.create();
        dying.add("lastjid", i32(0));
        get(DYING, dying).assertFails("ENOENT", "no jail after 0");
    }

    @Test
    void d2Version1IsEinval() {
        assertEquals(-1, FreeBsdLibs.jail().jail(jailV2(1, cstring("/"), cstring("v1"), null)));
        assertEquals("EINVAL", lastErrno());
    }

    @Test
    void d2Version0NamesTheJailByItsJidAndTakesTheAddressInHostOrder() {
        int jid = FreeBsdLibs.jail().jail(jailV0(cstring("/"), cstring("legacy0"), 0x0a000001));
        assertEquals(1, jid);
        assertEquals("1", readString(jid, "name", 256));
        assertEquals("legacy0", readString(jid, "host.hostname", 256));
        assertArrayEquals(addrs("10.0.0.1"), read(jid, "ip4.addr", 64).iov().value(KernelCalls.READ_VALUE));
        assertEquals(0, readInt(jid, "ip4"));
        assertEquals(0, readInt(jid, "persist"));
    }

    @Test
    void d2Version0WithoutAnAddressIsEinval() {
        assertEquals(-1, FreeBsdLibs.jail().jail(jailV0(cstring("/"), cstring("legacy0"), 0)));
        assertEquals("EINVAL", lastErrno());
    }

    @Test
    void jail2SeedsAllowFlagsFromTheHostKnobs() {
        Pointer one = Memory.allocateDirect(FreeBsdLibs.runtime(), 4, true);
        one.putInt(0, 1);
        Pointer name = Memory.allocateDirect(FreeBsdLibs.runtime(), 4 * 3, true);
        name.put(0, SysctlConformanceTest.oid("security.jail.allow_raw_sockets"), 0, 3);
        assertEquals(0, FreeBsdLibs.sysctl().sysctl(name, 3, null, null, one, 4));
        int jid = FreeBsdLibs.jail().jail(jailV2(2, cstring("/"), cstring("raw"), null));
        assertEquals(1, readInt(jid, "allow.raw_sockets"));
    }

    /** 13.2 has no jail descriptors: the model leaves jail_attach_jd/jail_remove_jd undefined. */
    @Test
    void thisKernelHasNoJailDescriptorSymbols() {
        Library lib = Library.getCachedInstance(System.getProperty(FreeBsdLibs.LIBRARY_PROPERTY),
                Library.LAZY | Library.LOCAL);
        assertNotEquals(0L, lib.getSymbolAddress("jail_set"));
        assertEquals(0L, lib.getSymbolAddress("jail_attach_jd"));
        assertEquals(0L, lib.getSymbolAddress("jail_remove_jd"));
    }
}
