package org.keyfleet.terminal;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (META-INF/services, junit-platform.properties): stops the shared embedded
 * PostgreSQL of {@link TestDatabases} when the engine's root context closes, i.e. when the module's tests have run
 * and before the test JVM exits, so that nothing is left running for the exit to wait on.
 */
public final class CloseSharedDatabases implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(CloseSharedDatabases.class,
                k -> (ExtensionContext.Store.CloseableResource) TestDatabases::closePostgres);
    }
}
