package org.jail4j.ffi.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpawnRequestTest {
    @Test
    void encodesTheFieldsInProtocolOrderEachNulTerminated() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/bin");
        SpawnRequest r = new SpawnRequest(List.of("/bin/sh", "-c", "echo hi"), env, "/tmp", 1001, 1002,
                List.of(5, 6));
        assertEquals("v1\0" + "1001\0" + "1002\0" + "2\0" + "5\0" + "6\0" + "/tmp\0" + "1\0" + "PATH=/bin\0"
                + "3\0" + "/bin/sh\0" + "-c\0" + "echo hi\0", new String(r.encode(), StandardCharsets.UTF_8));
    }

    @Test
    void idsAboveIntMaxAreWrittenUnsigned() {
        SpawnRequest r = new SpawnRequest(List.of("/bin/true"), Map.of(), "/", -2, -2, List.of());
        assertEquals("v1\0" + "4294967294\0" + "4294967294\0" + "0\0" + "/\0" + "0\0" + "1\0" + "/bin/true\0",
                new String(r.encode(), StandardCharsets.UTF_8));
    }

    @Test
    void aNulInsideAFieldIsRefused() {
        SpawnRequest r = SpawnRequest.asRoot(List.of("/bin/echo", "a\0b"), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::encode);
        assertEquals("NUL inside a spawn request field: a@b", e.getMessage());
    }

    @Test
    void relativeDirectoriesEmptyCommandsAndBadEnvironmentNamesAreRefused() {
        assertEquals("directory inside the jail must be absolute: tmp", assertThrows(IllegalArgumentException.class,
                () -> new SpawnRequest(List.of("/bin/true"), Map.of(), "tmp", 0, 0, List.of())).getMessage());
        assertEquals("empty command", assertThrows(IllegalArgumentException.class,
                () -> SpawnRequest.asRoot(List.of(), Map.of())).getMessage());
        assertEquals("environment name must be non-empty and without '=': A=B", assertThrows(
                IllegalArgumentException.class, () -> SpawnRequest.asRoot(List.of("/bin/true"), Map.of("A=B", "c")))
                .getMessage());
    }
}
