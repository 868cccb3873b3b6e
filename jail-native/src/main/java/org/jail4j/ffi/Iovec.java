package org.jail4j.ffi;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * One {@code struct iovec} as it sits in native memory: {@code iov_base} (0 for NULL),
 * {@code iov_len}, and a copy of the {@code iov_len} bytes at {@code iov_base}. Read straight from
 * the array passed to the kernel, for TRACE logging and for tests that check what the kernel
 * would see.
 *
 * @param iov_base the buffer's address, 0 for NULL
 * @param iov_len  the length field
 * @param contents the bytes the kernel would read, empty for NULL
 */
public record Iovec(long iov_base, long iov_len, byte[] contents) {
    /** Reads {@code niov} iovecs from {@code array} ({@code struct iovec[niov]}, pointer-sized fields). */
    public static List<Iovec> read(Runtime runtime, Pointer array, int niov) {
        int word = runtime.addressSize();
        List<Iovec> out = new ArrayList<>(niov);
        for (int i = 0; i < niov; i++) {
            long base = array.getAddress((long) i * 2 * word);
            long len = word == 8 ? array.getLong((long) i * 2 * word + word)
                    : Integer.toUnsignedLong(array.getInt((long) i * 2 * word + word));
            byte[] bytes = new byte[base == 0 ? 0 : Math.toIntExact(len)];
            if (bytes.length > 0) {
                runtime.getMemoryManager().newPointer(base).get(0, bytes, 0, bytes.length);
            }
            out.add(new Iovec(base, len, bytes));
        }
        return out;
    }

    /** Whether {@code iov_base} is NULL. */
    public boolean isNull() {
        return iov_base == 0;
    }

    @Override
    public String toString() {
        return isNull() ? "(NULL, " + iov_len + ")" : "(" + HexFormat.of().formatHex(contents) + ", " + iov_len + ")";
    }
}
