package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jail4j.JailParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nested jails only within children.max: a jail with children.max=0 cannot start one (no user,
 * pid or mount namespace of its own), and so cannot regain capabilities in a user namespace;
 * with children.max above 0 it can.
 */
class NestedJailIsolationTest extends JailProbeTest {
    @ParameterizedTest
    @ValueSource(strings = {"user", "pid", "mnt"})
    void aNamespaceOfItsOwnFailsWithEpermWhenChildrenMaxIsZero(String namespace) {
        assertEquals("DENIED EPERM", jails.probe(s -> s.set(JailParams.CHILDREN_MAX, 0), "unshare", namespace));
    }

    @Test
    void aNestedJailStartsWhenChildrenMaxIsAboveZero() {
        assertEquals("OK", jails.probe(s -> s.set(JailParams.CHILDREN_MAX, 1), "unshare", "user,mnt,pid"));
    }
}
