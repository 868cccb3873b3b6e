package org.jail4j.ffi.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecPathTest {
    @AfterEach
    void clear() {
        System.clearProperty(ExecPath.PROPERTY);
    }

    @Test
    void unsetMeansAuto() {
        assertEquals(ExecPath.AUTO, ExecPath.configured());
    }

    @Test
    void namesAreReadWhateverTheirCase() {
        System.setProperty(ExecPath.PROPERTY, "FastPath");
        assertEquals(ExecPath.FASTPATH, ExecPath.configured());
        System.setProperty(ExecPath.PROPERTY, "launcher");
        assertEquals(ExecPath.LAUNCHER, ExecPath.configured());
    }

    @Test
    void anUnknownPathIsRefusedByName() {
        System.setProperty(ExecPath.PROPERTY, "vfork");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ExecPath::configured);
        assertEquals("jail4j.exec.path must be fastpath, launcher or auto, not \"vfork\"", e.getMessage());
    }
}
