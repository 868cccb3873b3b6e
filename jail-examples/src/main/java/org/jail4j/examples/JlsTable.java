package org.jail4j.examples;

import java.util.List;
import java.util.stream.Collectors;

import org.jail4j.Prison;

/**
 * jls(8)'s default table: JID, the first IP address, hostname and path, in jls's own widths. A
 * small local formatter for the demo; the {@code jls} command has the full set of options.
 */
final class JlsTable {
    static final String HEADER = "   JID  IP Address      Hostname                      Path";

    private JlsTable() {
    }

    static String format(List<Prison> prisons) {
        return prisons.stream().map(JlsTable::row).collect(Collectors.joining("\n", HEADER + "\n", ""));
    }

    static String row(Prison p) {
        String ip = !p.ip4().isEmpty() ? p.ip4().get(0).getHostAddress()
                : !p.ip6().isEmpty() ? p.ip6().get(0).getHostAddress() : "";
        return String.format("%6d  %-15.15s %-29.29s %.74s", p.jid(), ip, p.hostname(), p.path());
    }
}
