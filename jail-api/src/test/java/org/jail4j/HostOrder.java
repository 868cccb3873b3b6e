package org.jail4j;

import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * Expected bytes for the tests, written as hex. C integers are computed in this host's byte
 * order by byte reversal, a path apart from the ByteBuffers of the code under test.
 */
final class HostOrder {
    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private HostOrder() {
    }

    /** A C int in host order: {@code "03000000"} for 3 on amd64. */
    static String int32(int v) {
        return String.format("%08x", LITTLE ? Integer.reverseBytes(v) : v);
    }

    /** A C long of LP64 in host order. */
    static String int64(long v) {
        return String.format("%016x", LITTLE ? Long.reverseBytes(v) : v);
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
