package org.jail4j.freebsd;

import org.jail4j.JailHost;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The FreeBSD engine over the kernel model, fresh for each test: the model forgets every jail
 * and rule before the test and again after it, so a failing test leaves nothing for the next.
 */
final class ModelHost implements BeforeEachCallback, AfterEachCallback {
    private final KernelModel kernel = new KernelModel();
    private JailHost host;

    @Override
    public void beforeEach(ExtensionContext context) {
        kernel.reset();
        host = JailHost.withEngine("freebsd");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        kernel.reset();
    }

    JailHost host() {
        return host;
    }

    KernelModel kernel() {
        return kernel;
    }
}
