package org.jail4j.freebsd;

import static org.jail4j.freebsd.KernelCalls.UPDATE;
import static org.jail4j.freebsd.KernelCalls.cstr;
import static org.jail4j.freebsd.KernelCalls.i32;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.jail4j.ffi.IovecList;
import org.jail4j.ffi.freebsd.FreeBsdLibs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The model's JSON call trace (format in trace.c): one exact line per call, in call order. */
class KernelModelTraceTest {
    @RegisterExtension
    final KernelModel model = new KernelModel();

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static Map<String, Object> entry(long len, String hex) {
        return Map.of("len", len, "hex", hex);
    }

    private static List<Map<String, Object>> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(Json::object)
                .collect(Collectors.toList());
    }

    @Test
    void createGetAndAFailedUpdateWriteOneExactLineEach(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("trace.jsonl");
        model.trace(file);
        int jid = KernelCalls.create("t");
        IovecList get = IovecList.create();
        get.add("jid", i32(jid));
        get.addOutput("name", 16);
        KernelCalls.get(0, get).assertOk();
        KernelCalls.set(UPDATE, iov -> {
            iov.add("jid", i32(99));
            iov.addBool("persist", true);
        }).assertFails("ENOENT", "jail 99 not found");
        model.traceOff();

        List<Map<String, Object>> lines = lines(file);
        assertEquals(3, lines.size());
        assertEquals(Map.of("call", "jail_set", "flags", 1L,
                "iov", List.of(entry(5, hex(cstr("name"))), entry(2, hex(cstr("t"))),
                        entry(5, hex(cstr("path"))), entry(2, hex(cstr("/"))),
                        entry(8, hex(cstr("persist"))), Map.of("len", 0L, "null", true),
                        entry(7, hex(cstr("errmsg"))), Map.of("len", 1024L, "zero", true)),
                "ret", (long) jid, "errno", 0L, "out", List.of()), lines.get(0));
        byte[] name = new byte[16];
        name[0] = 't';
        assertEquals(Map.of("call", "jail_get", "flags", 0L,
                "iov", List.of(entry(4, hex(cstr("jid"))), entry(4, hex(i32(jid))),
                        entry(5, hex(cstr("name"))), Map.of("len", 16L, "zero", true),
                        entry(7, hex(cstr("errmsg"))), Map.of("len", 1024L, "zero", true)),
                "ret", (long) jid, "errno", 0L, "out", List.of(Map.of("i", 3L, "len", 16L, "hex", hex(name)))),
                lines.get(1));
        byte[] errmsg = new byte[1024];
        byte[] text = "jail 99 not found".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, errmsg, 0, text.length);
        Map<String, Object> failed = lines.get(2);
        assertEquals("jail_set", failed.get("call"));
        assertEquals(2L, failed.get("flags"));
        assertEquals(-1L, failed.get("ret"));
        assertEquals(2L, failed.get("errno"));
        assertEquals(List.of(Map.of("i", 5L, "len", 1024L, "hex", hex(errmsg))), failed.get("out"));
    }

    @Test
    void sysctlRemoveAndResetAreTraced(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("trace.jsonl");
        int jid = KernelCalls.create("t");
        model.trace(file);
        Pointer old = Memory.allocateDirect(FreeBsdLibs.runtime(), 4, true);
        Pointer len = Memory.allocateDirect(FreeBsdLibs.runtime(), 8, true);
        len.putLong(0, 4);
        assertEquals(0, FreeBsdLibs.sysctl().sysctlbyname("kern.osreldate", old, len, null, 0));
        Pointer mib = Memory.allocateDirect(FreeBsdLibs.runtime(), 8, true);
        mib.putInt(0, 1);
        mib.putInt(4, 24);
        len.putLong(0, 4);
        assertEquals(0, FreeBsdLibs.sysctl().sysctl(mib, 2, old, len, null, 0));
        assertEquals(0, FreeBsdLibs.jail().jail_remove(jid));
        assertEquals(-1, FreeBsdLibs.jail().jail_attach(jid));
        model.reset();

        List<Map<String, Object>> lines = lines(file);
        assertEquals(5, lines.size());
        assertEquals(List.of("call", "name", "oldlen", "new_hex", "ret", "errno", "oldlen_out", "old_hex"),
                List.copyOf(lines.get(0).keySet()));
        assertEquals(0L, lines.get(0).get("errno"));
        assertEquals("kern.osreldate", lines.get(0).get("name"));
        assertEquals(4L, lines.get(0).get("oldlen"));
        assertEquals(null, lines.get(0).get("new_hex"));
        assertEquals(4L, lines.get(0).get("oldlen_out"));
        assertEquals(hex(i32(1302001)), lines.get(0).get("old_hex"));
        assertEquals(List.of(1L, 24L), lines.get(1).get("mib"));
        assertEquals(hex(i32(1302001)), lines.get(1).get("old_hex"));
        assertEquals(Map.of("call", "jail_remove", "jid", (long) jid, "ret", 0L, "errno", 0L), lines.get(2));
        assertEquals(Map.of("call", "jail_attach", "jid", (long) jid, "ret", -1L, "errno", 22L), lines.get(3));
        assertEquals(Map.of("call", "reset"), lines.get(4));
        assertEquals(0, model.traceFailures());
    }
}
