package org.jail4j.linux;

import java.lang.ref.Cleaner;

import org.jail4j.ExecSpec;
import org.jail4j.Jail;
import org.jail4j.JailParams;
import org.jail4j.Prison;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A handle on one Linux jail; an owning handle removes the jail when closed. */
final class LinuxJail implements Jail {
    private static final Logger log = LoggerFactory.getLogger(LinuxJail.class);
    private static final Cleaner CLEANER = Cleaner.create();

    private final LinuxEngine engine;
    private final int jid;
    private final String name;
    private final boolean owned;
    private final Undo undo;
    private final Cleaner.Cleanable cleanable;

    LinuxJail(LinuxEngine engine, int jid, String name, boolean owned) {
        this.engine = engine;
        this.jid = jid;
        this.name = name;
        this.owned = owned;
        this.undo = new Undo(engine, jid, name, owned);
        this.cleanable = CLEANER.register(this, undo);
    }

    /** Runs once: by close(), or by the Cleaner for an owning handle that was dropped without it. */
    private static final class Undo implements Runnable {
        private final LinuxEngine engine;
        private final int jid;
        private final String name;
        private final boolean owned;
        volatile boolean closedByCaller;

        Undo(LinuxEngine engine, int jid, String name, boolean owned) {
            this.engine = engine;
            this.jid = jid;
            this.name = name;
            this.owned = owned;
        }

        @Override
        public void run() {
            if (!owned || closedByCaller) {
                return;
            }
            log.warn("an owning handle of jail={} jid={} was dropped without close(); removing the jail", name, jid);
            try {
                engine.removeIfPresent(jid);
            } catch (RuntimeException e) {
                log.error("removing the leaked jail={} jid={} failed", name, jid, e);
            }
        }
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
        return engine.prison(jid);
    }

    @Override
    public Prison update(JailParams changes) {
        return engine.update(Integer.toString(jid), changes);
    }

    @Override
    public Process exec(ExecSpec spec) {
        return engine.exec(jid, spec);
    }

    @Override
    public boolean isAlive() {
        return engine.isAlive(jid);
    }

    @Override
    public boolean owned() {
        return owned;
    }

    @Override
    public void remove() {
        undo.closedByCaller = true;
        cleanable.clean();
        engine.remove(jid);
    }

    @Override
    public void close() {
        if (undo.closedByCaller) {
            return;
        }
        undo.closedByCaller = true;
        cleanable.clean();
        if (owned) {
            engine.removeIfPresent(jid);
        }
    }

    @Override
    public String toString() {
        return "LinuxJail[" + jid + " " + name + (owned ? " owned" : "") + "]";
    }
}
