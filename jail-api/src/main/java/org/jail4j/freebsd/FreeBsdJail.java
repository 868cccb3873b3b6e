package org.jail4j.freebsd;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jail4j.ExecSpec;
import org.jail4j.Jail;
import org.jail4j.JailException;
import org.jail4j.JailParams;
import org.jail4j.Prison;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handle on one FreeBSD jail, known by JID and name. Before acting it checks that the JID
 * still names the same jail, so a handle that outlived its jail says so instead of acting on a
 * jail that reused the JID. An owned handle removes its jail on {@link #close()}; a Cleaner does
 * it (with a WARN) for a handle dropped without close.
 */
final class FreeBsdJail implements Jail {
    private static final Logger log = LoggerFactory.getLogger(FreeBsdJail.class);
    private static final Cleaner CLEANER = Cleaner.create();

    private final FreeBsdEngine engine;
    private final int jid;
    private final String name;
    private final boolean owned;
    /** Set when the jail was made persistent only until its first process ran (jail(8)'s way). */
    private final AtomicBoolean temporaryPersist;
    /** An owning jail descriptor (FreeBSD 15 and later), or -1 where the kernel has none: then JID plus name. */
    private final int desc;
    private final Undo undo;
    private final Cleaner.Cleanable cleanable;

    FreeBsdJail(FreeBsdEngine engine, int jid, String name, boolean owned, boolean temporaryPersist, int desc) {
        this.engine = engine;
        this.jid = jid;
        this.name = name;
        this.owned = owned;
        this.temporaryPersist = new AtomicBoolean(temporaryPersist);
        this.desc = desc;
        this.undo = new Undo(engine, jid, name, owned, desc);
        this.cleanable = CLEANER.register(this, undo);
    }

    @Override
    public int jid() {
        return jid;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Prison prison() {
        return engine.prisonOf(jid, name, desc);
    }

    @Override
    public Prison update(JailParams changes) {
        engine.prisonOf(jid, name, desc);
        return engine.updateJid(jid, name, changes);
    }

    @Override
    public Process exec(ExecSpec spec) {
        engine.prisonOf(jid, name, desc);
        Process p = engine.start(jid, name, spec);
        if (temporaryPersist.compareAndSet(true, false)) {
            // As jail(8) clears its temporary persist once the start commands are done: from the
            // end of the first command on, the jail lives exactly as long as its processes.
            p.onExit().thenRun(() -> engine.clearPersist(jid, name, desc));
        }
        return p;
    }

    @Override
    public boolean isAlive() {
        return engine.isSame(jid, name, desc);
    }

    @Override
    public boolean owned() {
        return owned;
    }

    @Override
    public void remove() {
        engine.removeSame(jid, name, desc);
        undo.removed = true;
        cleanable.clean();
    }

    @Override
    public void close() {
        undo.closedByCaller = true;
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "Jail[" + name + " #" + jid + (owned ? " owned" : "") + "]";
    }

    /** What close() or the Cleaner does; it never refers to the handle, so the handle can be collected. */
    private static final class Undo implements Runnable {
        private final FreeBsdEngine engine;
        private final int jid;
        private final String name;
        private final boolean owned;
        private final int desc;
        volatile boolean closedByCaller;
        volatile boolean removed;

        Undo(FreeBsdEngine engine, int jid, String name, boolean owned, int desc) {
            this.engine = engine;
            this.jid = jid;
            this.name = name;
            this.owned = owned;
            this.desc = desc;
        }

        @Override
        public void run() {
            if (closedByCaller) {
                undo();
                return;
            }
            if (owned && !removed) {
                log.warn("jail={} jid={} leaked: its handle was dropped without close(); removing it", name, jid);
            }
            try {
                undo();
            } catch (JailException e) {
                log.error("jail={} jid={} could not be removed after its handle leaked", name, jid, e);
            }
        }

        /** Removes the jail if owned, then lets go of its descriptor; a second failure is suppressed in the first. */
        private void undo() {
            JailException failure = null;
            try {
                if (owned && !removed) {
                    engine.removeIfSame(jid, name, desc);
                }
            } catch (JailException e) {
                failure = e;
            }
            if (desc >= 0) {
                try {
                    engine.release(desc, name);
                } catch (JailException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
