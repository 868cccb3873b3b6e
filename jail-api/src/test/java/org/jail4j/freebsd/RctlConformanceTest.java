package org.jail4j.freebsd;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.jail4j.ffi.freebsd.FreeBsdLibs;
import org.jail4j.ffi.freebsd.LibRctl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** rctl(2) as in FREEBSD-ABI.md §9, against the kernel model. */
class RctlConformanceTest {
    @RegisterExtension
    final KernelModel model = new KernelModel();

    /** ret, errno symbol (null on success) and the NUL-terminated output. */
    record Answer(int ret, String errno, String out) {
        void assertOk(String expectedOut) {
            assertAll(() -> assertEquals(null, errno, "errno"), () -> assertEquals(0, ret, "ret"),
                    () -> assertEquals(expectedOut, out, "out"));
        }

        void assertFails(String expectedErrno) {
            assertAll(() -> assertEquals(-1, ret, "ret"), () -> assertEquals(expectedErrno, errno, "errno"));
        }
    }

    @FunctionalInterface
    interface Call {
        int call(LibRctl lib, byte[] in, long inlen, Pointer out, long outlen);
    }

    private static final Call ADD = LibRctl::rctl_add_rule;
    private static final Call REMOVE = LibRctl::rctl_remove_rule;
    private static final Call RULES = LibRctl::rctl_get_rules;
    private static final Call LIMITS = LibRctl::rctl_get_limits;
    private static final Call RACCT = LibRctl::rctl_get_racct;

    /** The rule with its NUL, inbuflen counting the NUL, into a {@code outlen}-byte buffer. */
    private static Answer call(Call c, String rule, int outlen) {
        byte[] in = KernelCalls.cstr(rule);
        return call(c, in, in.length, outlen);
    }

    private static Answer call(Call c, byte[] in, long inlen, int outlen) {
        Pointer out = outlen > 0 ? Memory.allocateDirect(FreeBsdLibs.runtime(), outlen, true) : null;
        int rc = c.call(FreeBsdLibs.rctl(), in, inlen, out, outlen);
        String errno = rc < 0 ? KernelCalls.lastErrno() : null;
        String text = null;
        if (rc == 0 && out != null) {
            byte[] b = new byte[outlen];
            out.get(0, b, 0, outlen);
            int n = 0;
            while (n < b.length && b[n] != 0) {
                n++;
            }
            text = new String(b, 0, n, StandardCharsets.UTF_8);
        }
        return new Answer(rc, errno, text);
    }

    @Test
    void addedRulesAreListedByAFilter() {
        call(ADD, "jail:web:maxproc:deny=10", 0).assertOk(null);
        call(ADD, "jail:web:memoryuse:deny=1073741824", 0).assertOk(null);
        call(ADD, "jail:db:maxproc:deny=5", 0).assertOk(null);
        call(RULES, "jail:web:", 1024).assertOk("jail:web:maxproc:deny=10,jail:web:memoryuse:deny=1073741824");
        call(RULES, ":", 1024).assertOk(
                "jail:web:maxproc:deny=10,jail:web:memoryuse:deny=1073741824,jail:db:maxproc:deny=5");
        call(RULES, "::maxproc", 1024).assertOk("jail:web:maxproc:deny=10,jail:db:maxproc:deny=5");
    }

    @Test
    void aDenyRuleReplacesOneThatDiffersOnlyByAmount() {
        call(ADD, "jail:web:maxproc:deny=10", 0).assertOk(null);
        call(ADD, "jail:web:maxproc:deny=20", 0).assertOk(null);
        call(RULES, "jail:web:", 1024).assertOk("jail:web:maxproc:deny=20");
    }

    @Test
    void aPerOtherThanTheSubjectIsShown() {
        call(ADD, "jail:web:maxproc:deny=10/process", 0).assertOk(null);
        call(RULES, "jail:web", 1024).assertOk("jail:web:maxproc:deny=10/process");
    }

    @Test
    void removeTakesAFilterAndIsEsrchWhenNothingMatches() {
        call(ADD, "jail:web:maxproc:deny=10", 0).assertOk(null);
        call(REMOVE, "jail:web:", 0).assertOk(null);
        call(RULES, ":", 1024).assertOk("");
        call(REMOVE, "jail:web:", 0).assertFails("ESRCH");
    }

    @Test
    void inbuflenMustCountTheNulAndStayWithin4KiB() {
        byte[] rule = KernelCalls.cstr("jail:web:maxproc:deny=10");
        call(ADD, rule, 0, 0).assertFails("EINVAL");
        call(ADD, rule, rule.length - 1, 0).assertFails("ENAMETOOLONG");
        byte[] big = Arrays.copyOf(rule, 4097);
        call(ADD, big, 4097, 0).assertFails("E2BIG");
        call(ADD, Arrays.copyOf(rule, 4096), 4096, 0).assertOk(null);
    }

    @Test
    void anOutputBufferShorterThanTheAnswerAndItsNulIsErange() {
        String rule = "jail:web:maxproc:deny=10";
        call(ADD, rule, 0).assertOk(null);
        call(RULES, ":", rule.length()).assertFails("ERANGE");
        call(RULES, ":", rule.length() + 1).assertOk(rule);
    }

    @Test
    void badRulesAreEinvalAndSenselessOnesEopnotsupp() {
        call(ADD, "jail:web:nosuch:deny=1", 0).assertFails("EINVAL");
        call(ADD, "prison:web:maxproc:deny=1", 0).assertFails("EINVAL");
        call(ADD, "jail:web:maxproc:forbid=1", 0).assertFails("EINVAL");
        call(ADD, "jail:web:maxproc:deny", 0).assertFails("EINVAL");
        call(ADD, "jail:web:maxproc:deny=1k", 0).assertFails("EINVAL");
        call(ADD, "jail::maxproc:deny=1", 0).assertFails("EINVAL");
        call(ADD, "user:root:maxproc:deny=1", 0).assertFails("EINVAL");
        call(ADD, "jail:web:cputime:deny=1", 0).assertFails("EOPNOTSUPP");
        call(ADD, "jail:web:maxproc:throttle=1", 0).assertFails("EOPNOTSUPP");
        call(ADD, "jail:web:readbps:throttle=1048576", 0).assertOk(null);
        call(ADD, "jail:web:pcpu:deny=50", 0).assertOk(null);
    }

    @Test
    void aProcessSubjectMustExist() {
        call(ADD, "process:2147483647:maxproc:deny=1", 0).assertFails("ESRCH");
    }

    @Test
    void limitsAreForAProcess() {
        long pid = ProcessHandle.current().pid();
        call(ADD, "process:" + pid + ":openfiles:deny=4096", 0).assertOk(null);
        call(ADD, "jail:web:maxproc:deny=10", 0).assertOk(null);
        call(LIMITS, "process:" + pid, 1024).assertOk("process:" + pid + ":openfiles:deny=4096");
        call(LIMITS, "jail:web", 1024).assertFails("EINVAL");
    }

    @Test
    void usageOfAJailListsEveryResource() {
        KernelCalls.create("web");
        Answer a = call(RACCT, "jail:web", 4096);
        assertEquals(null, a.errno());
        assertTrue(a.out().startsWith("cputime=0,datasize=0,stacksize=0,"), a.out());
        assertTrue(a.out().endsWith(",readiops=0,writeiops=0"), a.out());
        assertEquals(25, a.out().split(",").length);
        call(RACCT, "jail:", 4096).assertFails("EINVAL");
    }

    @Test
    void withRacctDisabledEveryCallIsEnosys() {
        model.racct(false);
        call(ADD, "jail:web:maxproc:deny=10", 0).assertFails("ENOSYS");
        call(RULES, ":", 1024).assertFails("ENOSYS");
        call(RACCT, "jail:web", 1024).assertFails("ENOSYS");
        call(LIMITS, "process:1", 1024).assertFails("ENOSYS");
        call(REMOVE, ":", 0).assertFails("ENOSYS");
    }
}
