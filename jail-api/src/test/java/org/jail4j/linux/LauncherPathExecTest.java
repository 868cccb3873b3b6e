package org.jail4j.linux;

import org.jail4j.ffi.linux.ExecPath;

/** The exec contract through a launcher process per command (exec mode). */
class LauncherPathExecTest extends ExecPathContractTest {
    @Override
    ExecPath path() {
        return ExecPath.LAUNCHER;
    }
}
