package org.jail4j.freebsd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jail4j.JailParam;
import org.jail4j.JailParams;
import org.jail4j.Prison;
import org.jail4j.ffi.IovecList;
import org.jail4j.ffi.NativeCallException;
import org.jail4j.ffi.freebsd.LibJail;

/**
 * Reads every parameter of one jail in a single jail_get, as jls does. Output buffers are
 * writable and zeroed (a nonzero "jid" buffer would turn a lookup by name into one by JID); the
 * key's own buffer is the one the kernel writes the key back into. Address arrays are sized by a
 * NULL-buffer pass and read with slack, retrying on EINVAL when they grew between the calls, as
 * libjail does.
 */
final class PrisonReader {
    /** libjail's retries and slack for arrays that change between the sizing pass and the read. */
    static final int RETRIES = 5;
    static final int SLACK_ELEMENTS = 5;

    private final JailCalls calls;
    private final KernelParams params;

    /** What selects the jail: "jid", "name" or "lastjid" with its value. */
    record Key(String param, Object value) {
        static Key jid(int jid) {
            return new Key("jid", jid);
        }

        static Key name(String name) {
            return new Key("name", name);
        }

        static Key after(int lastjid) {
            return new Key("lastjid", lastjid);
        }

        /** The jail a descriptor refers to (JAIL_USE_DESC). */
        static Key desc(int fd) {
            return new Key("desc", fd);
        }
    }

    PrisonReader(JailCalls calls, KernelParams params) {
        this.calls = calls;
        this.params = params;
    }

    /** The jail {@code key} selects, read whole; a {@link NativeCallException} when the kernel refuses. */
    Prison read(Key key, boolean includeDying) {
        int flags = (includeDying ? LibJail.JAIL_DYING : 0)
                | (key.param().equals("desc") ? LibJail.JAIL_USE_DESC : 0);
        List<JailParam<?>> wanted = params.all().stream().filter(PrisonReader::readable).toList();
        Map<String, Long> arrayBytes = new HashMap<>();
        NativeCallException last = null;
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            IovecList iov = calls.iovecs();
            int keyIndex = addKey(iov, key);
            Map<JailParam<?>, Integer> at = new LinkedHashMap<>();
            for (JailParam<?> p : wanted) {
                at.put(p, p.name().equals(key.param()) ? keyIndex : addOutput(iov, p, arrayBytes));
            }
            int jid;
            try {
                jid = calls.get(iov, flags);
            } catch (NativeCallException e) {
                // Only a bare EINVAL with sized arrays can be arrays that grew; a message is a real error.
                if (!e.errnoName().equals("EINVAL") || e.kernelMessage() != null || arrayBytes.isEmpty()) {
                    throw e;
                }
                // The addresses grew past the slack since the sizing pass: size them again.
                last = e;
                arrayBytes.clear();
                continue;
            }
            if (resized(iov, at, arrayBytes)) {
                continue;
            }
            return decode(jid, iov, at);
        }
        throw last;
    }

    private static boolean readable(JailParam<?> p) {
        return p.format().isArray() || p.format().elementSize() > 0 || p.maxLength() > 0;
    }

    private int addKey(IovecList iov, Key key) {
        if (key.value() instanceof Integer i) {
            return iov.add(key.param(), ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(i).array());
        }
        byte[] text = ((String) key.value()).getBytes(StandardCharsets.UTF_8);
        int size = Math.max(text.length + 1, params.find("name").map(JailParam::maxLength).orElse(256));
        byte[] buffer = new byte[size];
        System.arraycopy(text, 0, buffer, 0, text.length);
        return iov.add(key.param(), buffer);
    }

    private static int addOutput(IovecList iov, JailParam<?> p, Map<String, Long> arrayBytes) {
        if (p.format().isArray()) {
            Long need = arrayBytes.get(p.name());
            if (need == null) {
                return iov.addNull(p.name(), 0);
            }
            int elements = (int) (need / p.format().elementSize()) + SLACK_ELEMENTS;
            return iov.addOutput(p.name(), p.outputSize(elements));
        }
        return iov.addOutput(p.name(), p.outputSize());
    }

    /** After a sizing pass: records what each NULL-buffer array needs; true when another call must read them. */
    private static boolean resized(IovecList iov, Map<JailParam<?>, Integer> at, Map<String, Long> arrayBytes) {
        boolean again = false;
        for (Map.Entry<JailParam<?>, Integer> e : at.entrySet()) {
            int i = e.getValue();
            if (e.getKey().format().isArray() && iov.isNull(i) && iov.length(i) > 0) {
                arrayBytes.put(e.getKey().name(), iov.length(i));
                again = true;
            }
        }
        return again;
    }

    private static Prison decode(int jid, IovecList iov, Map<JailParam<?>, Integer> at) {
        JailParams.Builder b = JailParams.builder();
        at.forEach((p, i) -> b.setReported(p, p.decode(iov.value(i))));
        JailParams values = b.build();
        String name = values.find(JailParams.NAME).orElse(Integer.toString(jid));
        return new Prison(jid, name, values);
    }
}
