package org.jail4j.ffi;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes jail_set(2) takes for each kernel type (FREEBSD-ABI.md §2.2), in one place so that
 * {@link IovecList} and the parameter codecs cannot disagree: {@code int}/{@code uint}/jailsys
 * are 4 bytes and {@code long}/{@code ulong} 8 bytes (amd64), both in host byte order; strings
 * end in a NUL that counts in {@code iov_len}; addresses are {@code struct in_addr} (4 bytes) or
 * {@code struct in6_addr} (16 bytes) each, in network byte order.
 */
public final class KernelValues {
    /** sizeof(int), also the size of a jailsys value and of a boolean read back by jail_get. */
    public static final int INT_SIZE = 4;
    /** sizeof(long) on LP64: host.hostid is 8 bytes on amd64. */
    public static final int LONG_SIZE = 8;
    /** sizeof(struct in_addr). */
    public static final int IN_ADDR_SIZE = 4;
    /** sizeof(struct in6_addr). */
    public static final int IN6_ADDR_SIZE = 16;

    private KernelValues() {
    }

    /** A C {@code int} or {@code u_int}, host byte order. */
    public static byte[] int32(int value) {
        return host(INT_SIZE).putInt(value).array();
    }

    /** A C {@code long} or {@code u_long} of LP64, host byte order. */
    public static byte[] int64(long value) {
        return host(LONG_SIZE).putLong(value).array();
    }

    /** A C string: the UTF-8 bytes and the terminating NUL. */
    public static byte[] cString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(utf8, utf8.length + 1);
    }

    /** An array of {@code struct in_addr} or {@code struct in6_addr}: each address's bytes, network order. */
    public static byte[] addresses(List<? extends InetAddress> addresses) {
        ByteBuffer b = ByteBuffer.allocate(addresses.stream().mapToInt(a -> a.getAddress().length).sum());
        for (InetAddress a : addresses) {
            b.put(a.getAddress());
        }
        return b.array();
    }

    /** A C {@code int} read from exactly four bytes in host order. */
    public static int readInt32(byte[] raw) {
        return wrap(raw, INT_SIZE).getInt();
    }

    /** A C {@code long} of LP64 read from exactly eight bytes in host order. */
    public static long readInt64(byte[] raw) {
        return wrap(raw, LONG_SIZE).getLong();
    }

    /** A C string: the bytes up to the first NUL (or all of them when there is none). */
    public static String readCString(byte[] raw) {
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        return new String(raw, 0, n, StandardCharsets.UTF_8);
    }

    private static ByteBuffer host(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    private static ByteBuffer wrap(byte[] raw, int size) {
        if (raw.length != size) {
            throw new IllegalArgumentException("expected " + size + " bytes, got " + raw.length);
        }
        return ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
    }
}
