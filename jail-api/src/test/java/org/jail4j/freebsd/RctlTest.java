package org.jail4j.freebsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jail4j.Jail;
import org.jail4j.JailException;
import org.jail4j.JailSpec;
import org.jail4j.Rctl;
import org.jail4j.RctlAction;
import org.jail4j.RctlResource;
import org.jail4j.RctlRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RctlTest {
    @RegisterExtension
    final ModelHost model = new ModelHost();

    private Rctl rctl() {
        return Rctl.of(model.host());
    }

    @Test
    void addedRuleIsListedAndRemoved() {
        try (Jail j = model.host().create(JailSpec.builder("www").path(Path.of("/")).persist(true).build())) {
            RctlRule rule = RctlRule.jail("www", RctlResource.MAXPROC, RctlAction.DENY, 100);
            rctl().add(rule);
            assertEquals(List.of(rule), rctl().rules(RctlRule.jailFilter("www")));
            rctl().remove(RctlRule.jailFilter("www"));
            assertEquals(List.of(), rctl().rules(RctlRule.jailFilter("www")));
        }
    }

    @Test
    void usageOfAJailNamesItsResources() {
        try (Jail j = model.host().create(JailSpec.builder("www").path(Path.of("/")).persist(true).build())) {
            assertTrue(rctl().usage("www").containsKey("maxproc"), rctl().usage("www").toString());
        }
    }

    @Test
    void answersLargerThanTheFirstBufferAreReadWhole() {
        List<RctlRule> added = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            RctlRule r = RctlRule.jail("jail" + i, RctlResource.MEMORYUSE, RctlAction.DENY, 1073741824L + i);
            rctl().add(r);
            added.add(r);
        }
        assertEquals(200, rctl().rules(RctlRule.all()).size());
        assertTrue(rctl().rules(RctlRule.all()).containsAll(added));
    }

    @Test
    void racctDisabledIsReportedAsSuch() {
        model.kernel().racct(false);
        JailException e = assertThrows(JailException.class,
                () -> rctl().add(RctlRule.jail("www", RctlResource.MAXPROC, RctlAction.DENY, 1)));
        assertEquals("rctl_add_rule www: ENOSYS: RACCT disabled (the kernel lacks options RACCT/RCTL, or "
                + "kern.racct.enable=0)", e.getMessage());
    }

    @Test
    void incompleteRuleIsRefusedBeforeTheCall() {
        JailException e = assertThrows(JailException.class, () -> rctl().add(RctlRule.jailFilter("www")));
        assertEquals("rctl_add_rule: EINVAL: a rule needs subject, id, resource, action and amount: \"jail:www\"",
                e.getMessage());
    }
}
