package org.keyfleet.app.cli;

import picocli.CommandLine;

/** Reports the version recorded in the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        final String v = KeyfleetCli.class.getPackage().getImplementationVersion();
        return new String[] {"keyfleet " + (v == null ? "(development build)" : v)};
    }
}
