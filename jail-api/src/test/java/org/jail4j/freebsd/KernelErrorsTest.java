package org.jail4j.freebsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.jail4j.JailParam;
import org.jail4j.JailParams;
import org.junit.jupiter.api.Test;

class KernelErrorsTest {
    private static final List<JailParam<?>> CREATE = List.of(JailParams.NAME, JailParams.PATH, JailParams.PERSIST,
            JailParams.ENFORCE_STATFS);

    @Test
    void unknownParameterIsNamedByTheKernelsText() {
        assertEquals("vnet", KernelErrors.paramAtFault("EINVAL", "unknown parameter: vnet", CREATE));
    }

    @Test
    void createOnlyParameterIsNamedByTheKernelsText() {
        assertEquals("osrelease", KernelErrors.paramAtFault("EINVAL", "osrelease cannot be changed after creation",
                CREATE));
    }

    @Test
    void aMessageAboutTheJailNamesNoParameter() {
        assertNull(KernelErrors.paramAtFault("EEXIST", "jail \"www\" already exists", CREATE));
    }

    @Test
    void bareEinvalNamesTheOneValueThatCanBeInvalid() {
        assertEquals("enforce_statfs", KernelErrors.paramAtFault("EINVAL", null, CREATE));
    }

    @Test
    void bareEinvalWithTwoSuspectsNamesNone() {
        assertNull(KernelErrors.paramAtFault("EINVAL", null, List.of(JailParams.ENFORCE_STATFS,
                JailParams.SECURELEVEL)));
    }

    @Test
    void bareEnoentOnCreateIsThePath() {
        assertEquals("path", KernelErrors.paramAtFault("ENOENT", null, CREATE));
        assertEquals("path", KernelErrors.paramAtFault("ENOTDIR", null, CREATE));
    }

    @Test
    void bareEpermIsTheParentLimitedValue() {
        assertEquals("securelevel", KernelErrors.paramAtFault("EPERM", null, List.of(JailParams.NAME,
                JailParams.SECURELEVEL, JailParams.PERSIST)));
    }

    @Test
    void bareEnametoolongWithSeveralStringsNamesNone() {
        assertNull(KernelErrors.paramAtFault("ENAMETOOLONG", null, List.of(JailParams.NAME,
                JailParams.HOST_HOSTNAME)));
    }
}
