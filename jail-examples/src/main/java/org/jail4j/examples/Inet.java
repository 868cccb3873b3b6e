package org.jail4j.examples;

import java.net.InetAddress;

/**
 * Addresses as FreeBSD's inet_ntop(3) writes them: IPv6 in lower case with the longest run of
 * two or more zero groups (the first of equal runs) written {@code ::}, and an embedded IPv4
 * address in dotted form for {@code ::a.b.c.d} and {@code ::ffff:a.b.c.d}. Java's
 * getHostAddress writes every group instead.
 */
final class Inet {
    private Inet() {
    }

    static String ntop(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 ? a.getHostAddress() : ntop6(b);
    }

    private static String ntop6(byte[] b) {
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestBase = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    s.append(':');
                }
                continue;
            }
            if (i != 0) {
                s.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 7 && w[7] != 1)
                    || (bestLen == 5 && w[5] == 0xffff))) {
                s.append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.')
                        .append(b[14] & 0xff).append('.').append(b[15] & 0xff);
                return s.toString();
            }
            s.append(Integer.toHexString(w[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            s.append(':');
        }
        return s.toString();
    }
}
