package org.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RctlRuleTest {
    @Test
    void parsesAFullJailRule() {
        RctlRule r = RctlRule.parse("jail:www:memoryuse:deny=1073741824");
        assertEquals(new RctlRule(RctlSubject.JAIL, "www", RctlResource.MEMORYUSE, RctlAction.DENY, 1073741824L,
                null), r);
        assertTrue(r.isComplete());
    }

    @Test
    void amountSuffixesArePowersOf1024() {
        assertEquals(2L << 30, RctlRule.parse("jail:www:memoryuse:deny=2g").amount());
        assertEquals(10L << 20, RctlRule.parse("jail:www:readbps:throttle=10M").amount());
        assertEquals(512L << 10, RctlRule.parse("jail:www:datasize:deny=512k").amount());
    }

    @Test
    void parsesPerAndSignalActions() {
        RctlRule r = RctlRule.parse("user:1001:maxproc:sigterm=50/jail");
        assertEquals(RctlSubject.USER, r.subject());
        assertEquals("1001", r.id());
        assertEquals(RctlAction.SIGTERM, r.action());
        assertEquals(RctlSubject.JAIL, r.per());
    }

    @Test
    void formatsAsTheKernelTakesIt() {
        assertEquals("jail:www:maxproc:deny=100", RctlRule.jail("www", RctlResource.MAXPROC, RctlAction.DENY, 100)
                .toString());
        assertEquals("user:1001:maxproc:sigterm=50/jail", RctlRule.parse("user:1001:maxproc:sigterm=50/jail")
                .toString());
    }

    @Test
    void filtersLeaveTrailingFieldsOut() {
        assertEquals("jail:www", RctlRule.jailFilter("www").toString());
        assertEquals(":", RctlRule.all().toString());
        assertEquals("::maxproc", RctlRule.parse("::maxproc").toString());
        assertFalse(RctlRule.jailFilter("www").isComplete());
    }

    @Test
    void unknownResourceIsRefusedNamingIt() {
        InvalidParamException e = assertThrows(InvalidParamException.class,
                () -> RctlRule.parse("jail:www:memory:deny=1"));
        assertEquals("rctl: resource: EINVAL: unknown rctl resource: \"memory\"", e.getMessage());
    }

    @Test
    void badAmountIsRefused() {
        InvalidParamException e = assertThrows(InvalidParamException.class,
                () -> RctlRule.parse("jail:www:maxproc:deny=lots"));
        assertEquals("rctl: amount: EINVAL: not an amount: \"lots\" in \"jail:www:maxproc:deny=lots\"",
                e.getMessage());
    }
}
