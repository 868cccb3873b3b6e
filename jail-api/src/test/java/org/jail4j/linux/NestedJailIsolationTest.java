package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jail4j.JailParams;
import org.junit.jupiter.api.Test;

/**
 * Nested jails only within children.max: a jail with children.max=0 cannot start one (no user,
 * pid or mount namespace of its own), and so cannot regain capabilities in a user namespace;
 * with children.max above 0 it can.
 */
class NestedJailIsolationTest extends JailProbeTest {
    @Test
    void aUserNamespaceFailsWithEpermWhenChildrenMaxIsZero() {
        assertEquals("DENIED EPERM", jails.probe(s -> s.set(JailParams.CHILDREN_MAX, 0), "unshare", "user"));
    }

    @Test
    void aPidNamespaceFailsWithEpermWhenChildrenMaxIsZero() {
        assertEquals("DENIED EPERM", jails.probe(s -> s.set(JailParams.CHILDREN_MAX, 0), "unshare", "pid"));
    }

    @Test
    void aMountNamespaceFailsWithEpermWhenChildrenMaxIsZero() {
        assertEquals("DENIED EPERM", jails.probe(s -> s.set(JailParams.CHILDREN_MAX, 0), "unshare", "mnt"));
    }

    @Test
    void aNestedJailStartsWhenChildrenMaxIsAboveZero() {
        assertEquals("OK", jails.probe(s -> s.set(JailParams.CHILDREN_MAX, 1), "unshare", "user,mnt,pid"));
    }
}
