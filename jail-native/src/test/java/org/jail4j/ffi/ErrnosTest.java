package org.jail4j.ffi;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrnosTest {
    @Test
    void freeBsdNumbersMapToFreeBsdSymbols() {
        assertAll(
                () -> assertEquals("ENAMETOOLONG", Errnos.name(Os.FREEBSD, 63)),
                () -> assertEquals("EAGAIN", Errnos.name(Os.FREEBSD, 35)),
                () -> assertEquals("EADDRINUSE", Errnos.name(Os.FREEBSD, 48)),
                () -> assertEquals("ENOSYS", Errnos.name(Os.FREEBSD, 78)),
                () -> assertEquals("EINVAL", Errnos.name(Os.FREEBSD, 22)),
                () -> assertEquals("EPERM", Errnos.name(Os.FREEBSD, 1)),
                () -> assertEquals("ENOENT", Errnos.name(Os.FREEBSD, 2)),
                () -> assertEquals("EEXIST", Errnos.name(Os.FREEBSD, 17)),
                () -> assertEquals("ENOTDIR", Errnos.name(Os.FREEBSD, 20)));
    }

    @Test
    void linuxNumbersMapToLinuxSymbols() {
        assertAll(
                () -> assertEquals("ENAMETOOLONG", Errnos.name(Os.LINUX, 36)),
                () -> assertEquals("EAGAIN", Errnos.name(Os.LINUX, 11)),
                () -> assertEquals("EADDRINUSE", Errnos.name(Os.LINUX, 98)),
                () -> assertEquals("ENOSYS", Errnos.name(Os.LINUX, 38)),
                () -> assertEquals("EINVAL", Errnos.name(Os.LINUX, 22)));
    }

    @Test
    void theSameNumberMeansDifferentErrorsOnTheTwoKernels() {
        assertAll(
                () -> assertEquals("EDEADLK", Errnos.name(Os.LINUX, 35)),
                () -> assertEquals("EAGAIN", Errnos.name(Os.FREEBSD, 35)),
                () -> assertEquals("EINPROGRESS", Errnos.name(Os.FREEBSD, 36)),
                () -> assertEquals("EADDRINUSE", Errnos.name(Os.FREEBSD, 48)),
                () -> assertEquals("ENOLCK", Errnos.name(Os.LINUX, 37)));
    }

    @Test
    void aNumberWithTwoNamesGetsTheCanonicalOne() {
        assertAll(
                () -> assertEquals("EAGAIN", Errnos.name(Os.FREEBSD, Errnos.number(Os.FREEBSD, "EWOULDBLOCK"))),
                () -> assertEquals("EAGAIN", Errnos.name(Os.LINUX, Errnos.number(Os.LINUX, "EWOULDBLOCK"))),
                () -> assertEquals("EDEADLK", Errnos.name(Os.LINUX, Errnos.number(Os.LINUX, "EDEADLOCK"))),
                () -> assertEquals("EOPNOTSUPP", Errnos.name(Os.LINUX, 95)),
                () -> assertEquals("EOPNOTSUPP", Errnos.name(Os.FREEBSD, 45)));
    }

    @Test
    void symbolsMapBackToNumbersAliasesIncluded() {
        assertAll(
                () -> assertEquals(63, Errnos.number(Os.FREEBSD, "ENAMETOOLONG")),
                () -> assertEquals(36, Errnos.number(Os.LINUX, "ENAMETOOLONG")),
                () -> assertEquals(35, Errnos.number(Os.FREEBSD, "EWOULDBLOCK")),
                () -> assertEquals(11, Errnos.number(Os.LINUX, "EWOULDBLOCK")),
                () -> assertEquals(-1, Errnos.number(Os.FREEBSD, "ENOSUCHERROR")));
    }

    @Test
    void anUnknownNumberIsNamedByItsValue() {
        assertEquals("errno 9999", Errnos.name(Os.FREEBSD, 9999));
    }

    @Test
    void nativeCallExceptionNamesCallErrnoAndKernelText() {
        NativeCallException e = new NativeCallException("jail_set", Os.FREEBSD, 17, "jail \"cu\" already exists");
        assertAll(
                () -> assertEquals("jail_set: EEXIST: jail \"cu\" already exists", e.getMessage()),
                () -> assertEquals("EEXIST", e.errnoName()),
                () -> assertEquals(17, e.errno()));
    }
}
