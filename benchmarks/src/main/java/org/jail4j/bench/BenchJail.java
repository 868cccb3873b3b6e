package org.jail4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jail4j.ffi.linux.StandaloneKeeper;

/**
 * The existing jail of the exec benchmarks: a keeper started by the native launcher (the binary
 * the Linux engine runs) with the host's /usr, /bin, /lib, /lib64 and /etc bound read-only into
 * an empty root, and a control socket. The public API names neither a jail's keeper nor its
 * control socket, so the exec group drives the launcher directly.
 */
final class BenchJail {
    static final String NAMESPACES = "mnt,pid,uts,ipc,net";
    static final String PATH = "/bin:/usr/bin";
    /** /etc too: without its ld.so.cache every dynamic command probes ~30 library paths, which plain spawns do not. */
    private static final List<String> HOST_DIRS = List.of("usr", "bin", "lib", "lib64", "etc");

    private BenchJail() {
    }

    static StandaloneKeeper start(String name) throws IOException, InterruptedException {
        List<String> binds = new ArrayList<>();
        for (String d : HOST_DIRS) {
            if (Files.isDirectory(Path.of("/", d))) {
                binds.addAll(List.of("--bind", "/" + d + ":/" + d + ":ro"));
            }
        }
        return StandaloneKeeper.start(name, NAMESPACES, root -> { }, binds);
    }
}
