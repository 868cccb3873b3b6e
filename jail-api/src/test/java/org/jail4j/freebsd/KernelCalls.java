package org.jail4j.freebsd;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

import jnr.ffi.LastError;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.jail4j.ffi.Errnos;
import org.jail4j.ffi.IovecList;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.freebsd.FreeBsdLibs;
import org.jail4j.ffi.freebsd.LibJail;

/**
 * Raw jail_set/jail_get calls through the real binding layer ({@link FreeBsdLibs}, {@link IovecList}),
 * for conformance tests that check the kernel contract byte by byte. Values are encoded by hand
 * here, in host order as the kernel wants them, so a test states exactly what it sends.
 */
final class KernelCalls {
    static final int CREATE = LibJail.JAIL_CREATE;
    static final int UPDATE = LibJail.JAIL_UPDATE;
    static final int ATTACH = LibJail.JAIL_ATTACH;
    static final int DYING = LibJail.JAIL_DYING;

    private KernelCalls() {
    }

    /** What a call returned: its value, errno as a FreeBSD symbol (null on success) and errmsg. */
    record Result(int ret, String errno, String errmsg, IovecList iov) {
        void assertOk() {
            assertAll(() -> assertEquals(null, errno, "errno (errmsg " + errmsg + ")"),
                    () -> assertTrue(ret >= 0, "ret " + ret));
        }

        /** A failure with this errno and errmsg (null: the kernel wrote none). */
        void assertFails(String expectedErrno, String expectedErrmsg) {
            assertAll(() -> assertEquals(-1, ret, "ret"),
                    () -> assertEquals(expectedErrno, errno, "errno"),
                    () -> assertEquals(expectedErrmsg, errmsg, "errmsg"));
        }

        int intValue(int index) {
            return ByteBuffer.wrap(iov.value(index)).order(ByteOrder.nativeOrder()).getInt();
        }

        long longValue(int index) {
            return ByteBuffer.wrap(iov.value(index)).order(ByteOrder.nativeOrder()).getLong();
        }

        /** The NUL-terminated string in the value buffer of entry {@code index}. */
        String stringValue(int index) {
            byte[] b = iov.buffer(index);
            int n = 0;
            while (n < b.length && b[n] != 0) {
                n++;
            }
            return new String(b, 0, n, StandardCharsets.UTF_8);
        }
    }

    static Result set(int flags, IovecList iov) {
        int rc = FreeBsdLibs.jail().jail_set(iov.pointer(), iov.niov(), flags);
        return result(rc, iov);
    }

    static Result get(int flags, IovecList iov) {
        int rc = FreeBsdLibs.jail().jail_get(iov.pointer(), iov.niov(), flags);
        return result(rc, iov);
    }

    static Result set(int flags, Consumer<IovecList> params) {
        IovecList iov = IovecList.create();
        params.accept(iov);
        return set(flags, iov);
    }

    private static Result result(int rc, IovecList iov) {
        String errno = rc < 0 ? Errnos.name(Os.FREEBSD, LastError.getLastError(FreeBsdLibs.runtime())) : null;
        iov.readBack();
        return new Result(rc, errno, iov.errmsg(), iov);
    }

    /** The errno symbol of the last failed call through the FreeBSD bindings. */
    static String lastErrno() {
        return Errnos.name(Os.FREEBSD, LastError.getLastError(FreeBsdLibs.runtime()));
    }

    /** CREATE name=NAME path=/ persist plus {@code more}, as the measuring program sent it. */
    static Result tryCreate(String name, Consumer<IovecList> more) {
        return set(CREATE, iov -> {
            iov.add("name", cstr(name));
            iov.add("path", cstr("/"));
            iov.addBool("persist", true);
            more.accept(iov);
        });
    }

    /** {@link #tryCreate}, asserting success; returns the JID. */
    static int create(String name, Consumer<IovecList> more) {
        Result r = tryCreate(name, more);
        r.assertOk();
        return r.ret();
    }

    static int create(String name) {
        return create(name, iov -> { });
    }

    /** jail_get by jid of one parameter into a {@code size}-byte buffer; asserts success. */
    static Result read(int jid, String param, int size) {
        IovecList iov = IovecList.create();
        iov.add("jid", i32(jid));
        iov.addOutput(param, size);
        Result r = get(0, iov);
        r.assertOk();
        return r;
    }

    /** The value index of the parameter {@link #read} asked for. */
    static final int READ_VALUE = 3;

    static int readInt(int jid, String param) {
        return read(jid, param, 4).intValue(READ_VALUE);
    }

    static String readString(int jid, String param, int size) {
        return read(jid, param, size).stringValue(READ_VALUE);
    }

    static byte[] i32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    static byte[] i64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(v).array();
    }

    /** A C string: the bytes and the NUL. */
    static byte[] cstr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, b.length + 1);
    }

    /** The bytes of a string without its NUL, for names and values that must lack one. */
    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Addresses in network byte order, concatenated (4 or 16 bytes each). */
    static byte[] addrs(String... addresses) {
        ByteBuffer b = ByteBuffer.allocate(16 * addresses.length);
        for (String a : addresses) {
            try {
                b.put(InetAddress.getByName(a).getAddress());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(a, e);
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    /**
     * An iovec array laid out by hand, for what {@link IovecList} cannot express (no errmsg pair,
     * an odd count). Entries are (bytes or null, iov_len); the buffers stay reachable with it.
     */
    static final class RawIovec {
        private final Pointer array;
        private final Pointer[] buffers;
        private final int count;

        RawIovec(Object... entries) {
            count = entries.length / 2;
            buffers = new Pointer[count];
            array = Memory.allocateDirect(FreeBsdLibs.runtime(), Math.max(1, count * 16), true);
            for (int i = 0; i < count; i++) {
                byte[] bytes = (byte[]) entries[2 * i];
                long len = ((Number) entries[2 * i + 1]).longValue();
                if (bytes != null) {
                    buffers[i] = Memory.allocateDirect(FreeBsdLibs.runtime(), Math.max(1, bytes.length), true);
                    buffers[i].put(0, bytes, 0, bytes.length);
                    array.putAddress(16L * i, buffers[i].address());
                }
                array.putLong(16L * i + 8, len);
            }
        }

        int set(int flags) {
            return FreeBsdLibs.jail().jail_set(array, count, flags);
        }

        byte[] bytes(int i, int n) {
            byte[] out = new byte[n];
            buffers[i].get(0, out, 0, n);
            return out;
        }
    }
}
