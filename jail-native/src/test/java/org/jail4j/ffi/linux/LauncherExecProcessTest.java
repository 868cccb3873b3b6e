package org.jail4j.ffi.linux;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The launcher's exec mode started by {@link ProcessBuilder}: the path the fast path must match.
 * Commands are children of the launcher, itself the JVM's child.
 */
class LauncherExecProcessTest extends ProcessContractTest {
    private static BusyboxKeeper keeper;

    @BeforeAll
    static void startKeeper() throws Exception {
        String why = BusyboxKeeper.unavailableBecause();
        assumeTrue(why.isEmpty(), why);
        keeper = BusyboxKeeper.start("exec-test");
    }

    @AfterAll
    static void stopKeeper() throws Exception {
        if (keeper != null) {
            keeper.close();
        }
    }

    @Override
    Process start(List<String> argv, Redirect in, Redirect out, Redirect err, boolean mergeErr) throws IOException {
        return new ProcessBuilder(keeper.execCommand(argv)).redirectInput(in).redirectOutput(out).redirectError(err)
                .redirectErrorStream(mergeErr).start();
    }

    @Override
    long ancestorOfCommands() {
        return ProcessHandle.current().pid();
    }
}
