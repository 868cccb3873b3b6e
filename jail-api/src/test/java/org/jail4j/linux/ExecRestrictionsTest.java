package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** How the engine tells whether a keeper's children would run under the jail's current restrictions. */
class ExecRestrictionsTest {
    @Test
    void aKeeperAndAnExecCommandLineWithTheSameRestrictionsCompareEqual() {
        List<String> keeper = List.of("/l/jail4j-launcher", "keeper", "--name", "www", "--jid", "3", "--root", "/r",
                "--ns", "mnt,pid", "--allow", "set_hostname,raw_sockets", "--sysvipc", "new", "--enforce-statfs", "2",
                "--children-max", "0", "--vnet", "--control", "/s/3.sock", "--persist");
        List<String> exec = List.of("/l/jail4j-launcher", "exec", "--pid", "42", "--ns", "mnt,pid",
                "--allow", "raw_sockets,set_hostname", "--sysvipc", "new", "--enforce-statfs", "2",
                "--children-max", "0", "--vnet", "--dir", "/", "--login", "--", "/bin/true", "--allow", "x");
        Map<String, String> expected = Map.of("--allow", "raw_sockets,set_hostname", "--sysvipc", "new",
                "--enforce-statfs", "2", "--children-max", "0", "--vnet", "");
        assertEquals(expected, LinuxEngine.restrictions(keeper));
        assertEquals(expected, LinuxEngine.restrictions(exec));
    }

    @Test
    void aValueThatLooksLikeAnOptionIsReadAsTheValue() {
        List<String> keeper = List.of("/l/jail4j-launcher", "keeper", "--name", "--vnet", "--hostname", "--allow",
                "--children-max", "1");
        assertEquals(Map.of("--children-max", "1"), LinuxEngine.restrictions(keeper));
    }
}
