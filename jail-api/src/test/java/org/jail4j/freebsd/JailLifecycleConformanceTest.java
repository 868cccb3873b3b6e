package org.jail4j.freebsd;

import static org.jail4j.freebsd.KernelCalls.ATTACH;
import static org.jail4j.freebsd.KernelCalls.CREATE;
import static org.jail4j.freebsd.KernelCalls.DYING;
import static org.jail4j.freebsd.KernelCalls.UPDATE;
import static org.jail4j.freebsd.KernelCalls.create;
import static org.jail4j.freebsd.KernelCalls.cstr;
import static org.jail4j.freebsd.KernelCalls.get;
import static org.jail4j.freebsd.KernelCalls.i32;
import static org.jail4j.freebsd.KernelCalls.lastErrno;
import static org.jail4j.freebsd.KernelCalls.set;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jail4j.ffi.IovecList;
import org.jail4j.ffi.freebsd.FreeBsdLibs;
import org.jail4j.freebsd.KernelCalls.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How jails die (FREEBSD-ABI.md §1): non-persistent jails, dying jails and JAIL_DYING visibility. */
class JailLifecycleConformanceTest {
    @RegisterExtension
    final KernelModel model = new KernelModel();

    private static int createAttached(String name) {
        Result r = set(CREATE | ATTACH, iov -> {
            iov.add("name", cstr(name));
            iov.add("path", cstr("/"));
        });
        r.assertOk();
        return r.ret();
    }

    private static Result byJid(int flags, int jid) {
        IovecList iov = IovecList.create();
        iov.add("jid", i32(jid));
        iov.addOutput("dying", 4);
        return get(flags, iov);
    }

    private static Result first(int flags) {
        IovecList iov = IovecList.create();
        iov.add("lastjid", i32(0));
        return get(flags, iov);
    }

    /** A jail whose last process left while a resource still holds it: dying. */
    private int dyingJail() {
        int jid = createAttached("dj");
        model.hold(jid);
        model.detachAll(jid);
        return jid;
    }

    @Test
    void aDyingJailIsHiddenWithoutJailDying() {
        int jid = dyingJail();
        first(0).assertFails("ENOENT", "no jail after 0");
        byJid(0, jid).assertFails("ENOENT", "jail " + jid + " is dying");
        IovecList byName = IovecList.create();
        byName.add("name", cstr("dj"));
        get(0, byName).assertFails("ENOENT", "jail \"dj\" is dying");
    }

    @Test
    void jailDyingShowsADyingJail() {
        int jid = dyingJail();
        assertEquals(jid, first(DYING).ret());
        Result r = byJid(DYING, jid);
        r.assertOk();
        assertEquals(1, r.intValue(3));
    }

    @Test
    void aDyingJailIsGoneOnceReleased() {
        int jid = dyingJail();
        model.release(jid);
        byJid(DYING, jid).assertFails("ENOENT", "jail " + jid + " not found");
    }

    @Test
    void removingADyingJailIsSilentlyIgnoredAndAttachingIsEinval() {
        int jid = dyingJail();
        assertEquals(0, FreeBsdLibs.jail().jail_remove(jid));
        assertEquals(-1, FreeBsdLibs.jail().jail_attach(jid));
        assertEquals("EINVAL", lastErrno());
    }

    @Test
    void aNewJailMayTakeTheNameOfADyingOne() {
        int old = dyingJail();
        int jid = create("dj");
        IovecList iov = IovecList.create();
        iov.add("name", cstr("dj"));
        assertEquals(jid, get(0, iov).ret());
        assertEquals(old + 1, jid);
    }

    @Test
    void clearingPersistOnAnEmptyJailKillsIt() {
        int jid = create("np");
        set(UPDATE, iov -> {
            iov.add("jid", i32(jid));
            iov.addBool("persist", false);
        }).assertOk();
        byJid(DYING, jid).assertFails("ENOENT", "jail " + jid + " not found");
    }

    @Test
    void clearingPersistOnAJailWithAProcessKeepsItUntilTheProcessLeaves() {
        int jid = create("np");
        assertEquals(0, FreeBsdLibs.jail().jail_attach(jid));
        set(UPDATE, iov -> {
            iov.add("jid", i32(jid));
            iov.addBool("persist", false);
        }).assertOk();
        byJid(0, jid).assertOk();
        model.detachAll(jid);
        byJid(DYING, jid).assertFails("ENOENT", "jail " + jid + " not found");
    }

    @Test
    void removeTakesTheChildrenAlong() {
        int a = create("a");
        int ab = create("a.b");
        assertEquals(0, FreeBsdLibs.jail().jail_remove(a));
        byJid(DYING, ab).assertFails("ENOENT", "jail " + ab + " not found");
        byJid(DYING, a).assertFails("ENOENT", "jail " + a + " not found");
    }

    @Test
    void anAliveChildKeepsANonPersistentParentAlive() {
        int a = createAttached("a");
        int ab = create("a.b");
        model.detachAll(a);
        byJid(0, a).assertOk();
        assertEquals(0, FreeBsdLibs.jail().jail_remove(ab));
        byJid(DYING, a).assertFails("ENOENT", "jail " + a + " not found");
    }

    @Test
    void updateByNameOfADyingJailIsEnoent() {
        dyingJail();
        set(UPDATE, iov -> {
            iov.add("name", cstr("dj"));
            iov.addBool("persist", true);
        }).assertFails("ENOENT", "jail \"dj\" is dying");
    }

    @Test
    void updateByJidOfADyingJailIsEnoent() {
        int jid = dyingJail();
        set(UPDATE, iov -> {
            iov.add("jid", i32(jid));
            iov.addBool("persist", true);
        }).assertFails("ENOENT", "jail " + jid + " is dying");
    }
}
