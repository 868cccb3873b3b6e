package org.jail4j.ffi.linux;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Waits on a condition with a deadline, yielding between looks: tests never sleep a fixed time. */
final class Conditions {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private Conditions() {
    }

    static void await(Callable<Boolean> condition, String what) throws Exception {
        long end = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.call()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
