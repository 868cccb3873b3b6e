package org.jail4j;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a jail's root file system holds. The engine installs it at the jail's {@code path}
 * before the jail starts and undoes what it mounted when the jail is removed.
 */
public sealed interface World permits World.Existing, World.Thin, World.Archive {
    /** Use {@code path} exactly as it is: the caller installed the world (jail(8)'s usual case). */
    static World existing() {
        return Existing.INSTANCE;
    }

    /**
     * The host's base directories ({@code /bin}, {@code /sbin}, {@code /lib*}, {@code /usr})
     * mounted read-only, like a nullfs basejail, with the jail's own writable {@code /etc},
     * {@code /tmp}, {@code /var} and {@code /root}. Needs no download.
     */
    static World thin() {
        return Thin.INSTANCE;
    }

    /** A root file system extracted from an archive ({@code base.txz} or a tarball) with the host's tar. */
    static World fromArchive(Path archive) {
        return new Archive(archive);
    }

    /** The caller's own directory. */
    final class Existing implements World {
        static final Existing INSTANCE = new Existing();

        private Existing() {
        }

        @Override
        public String toString() {
            return "World.existing()";
        }
    }

    /** The host's base, read-only. */
    final class Thin implements World {
        static final Thin INSTANCE = new Thin();

        private Thin() {
        }

        @Override
        public String toString() {
            return "World.thin()";
        }
    }

    /** An archive to extract. */
    record Archive(Path archive) implements World {
        public Archive {
            Objects.requireNonNull(archive, "archive");
        }
    }
}
