package org.jail4j.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import org.jail4j.ffi.Errnos;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.linux.LinuxLibs;

/**
 * A tmpfs mounted on the host, outside every jail, under a source name no other mount has, so a
 * mount listing that shows it can be recognised. Unmounted on close.
 */
final class HostMount implements AutoCloseable {
    private final Path target;
    private final String source;
    private boolean mounted;

    private HostMount(Path target, String source) {
        this.target = target;
        this.source = source;
        this.mounted = true;
    }

    static HostMount tmpfs(Path target) throws java.io.IOException {
        Files.createDirectories(target);
        String source = "jail4j-hostmark-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        if (LinuxLibs.libc().mount(source, target.toString(), "tmpfs", 0, null) == -1) {
            throw new IllegalStateException("mount tmpfs " + target + ": "
                    + Errnos.name(Os.LINUX, LinuxLibs.runtime().getLastError()));
        }
        return new HostMount(target, source);
    }

    /** The mount's source name, as /proc/mounts shows it. */
    String source() {
        return source;
    }

    @Override
    public void close() {
        if (!mounted) {
            return;
        }
        if (LinuxLibs.libc().umount2(target.toString(), 0) == -1) {
            throw new IllegalStateException("umount " + target + ": "
                    + Errnos.name(Os.LINUX, LinuxLibs.runtime().getLastError()));
        }
        mounted = false;
    }
}
