package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jail4j.Jail;
import org.jail4j.JailParams;
import org.jail4j.Prison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LinuxPersistTest {
    @RegisterExtension
    final JailFixture jails = JailFixture.forLinux();

    @Test
    void nonPersistentJailIsDyingOnceItsLastProcessEndsThenGone() throws Exception {
        Jail jail = jails.create(s -> s.persist(false));
        assertTrue(jail.isAlive(), "a non-persistent jail waits for its first process");
        Process p = jail.exec(List.of("/bin/true"));
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(JailFixture.await(() -> jails.host().findIncludingDying(jail.name()).map(Prison::dying)
                .orElse(false), 30), "the jail never showed as dying");
        assertEquals(1, jails.host().list(true).filter(x -> x.jid() == jail.jid()).count());
        assertTrue(jails.host().find(jail.name()).isEmpty(), "a dying jail is not found without asking for it");
        assertTrue(jails.host().findIncludingDying(jail.name()).isEmpty(), "cleanup has ended: gone");
        assertEquals(List.of(), JailFixture.stateEntries());
        assertEquals(List.of(), JailFixture.keepersNamed(List.of(jail.name())));
    }

    @Test
    void persistentJailOutlivesItsLastProcess() throws Exception {
        Jail persistent = jails.create();
        Jail reference = jails.create(s -> s.persist(false));
        for (Jail j : List.of(persistent, reference)) {
            Process p = j.exec(List.of("/bin/true"));
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(JailFixture.await(() -> !reference.isAlive(), 30), "the non-persistent jail did not end");
        assertTrue(persistent.isAlive());
        assertTrue(persistent.prison().persist());
    }

    @Test
    void clearingPersistOnAnEmptyJailRemovesIt() {
        Jail jail = jails.create();
        Prison p = jails.host().update(jail.name(), JailParams.builder().set(JailParams.PERSIST, false).build());
        assertTrue(p.dying());
        assertFalse(jail.isAlive());
        assertEquals(List.of(), JailFixture.stateEntries());
    }

    @org.junit.jupiter.api.AfterAll
    static void hostKeepsNothing() {
        JailFixture.assertHostClean();
    }
}
