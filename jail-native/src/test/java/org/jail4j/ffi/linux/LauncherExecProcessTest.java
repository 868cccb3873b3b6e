package org.jail4j.ffi.linux;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;

/**
 * The launcher's exec mode started by {@link ProcessBuilder}: the path the fast path must match.
 * Commands are children of the launcher, itself the JVM's child.
 */
class LauncherExecProcessTest extends KeeperProcessContractTest {
    @Override
    Process start(List<String> argv, Redirect in, Redirect out, Redirect err, boolean mergeErr) throws IOException {
        return new ProcessBuilder(keeper.execCommand("/bin", argv)).redirectInput(in).redirectOutput(out)
                .redirectError(err).redirectErrorStream(mergeErr).start();
    }

    @Override
    boolean refusesUnexecutableCommandsAtStart() {
        return false;
    }

    @Override
    long ancestorOfCommands() {
        return ProcessHandle.current().pid();
    }
}
