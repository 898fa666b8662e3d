package io.vitsearch.testsupport;

import io.vitsearch.supernet.ComputeDevice;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with one libtorch intra-op thread and restores the previous count afterwards.
 * Tests that compare runs bit for bit need it: with two threads on a loaded machine, two runs of the
 * same spec have ended with different best subnets.
 */
public final class OneIntraOpThread implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OneIntraOpThread.class);

    private static final String PREVIOUS = "previous intra-op threads";

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(PREVIOUS, ComputeDevice.intraOpThreads());
        ComputeDevice.setIntraOpThreads(1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Integer previous = context.getStore(NAMESPACE).get(PREVIOUS, Integer.class);
        if (previous != null) {
            ComputeDevice.setIntraOpThreads(previous);
        }
    }
}
