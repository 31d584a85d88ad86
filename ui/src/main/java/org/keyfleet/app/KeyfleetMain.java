package org.keyfleet.app;

import org.keyfleet.app.cli.KeyfleetCli;

/** Entry point of the runnable jar: every use of Keyfleet goes through the {@code keyfleet} command line. */
public final class KeyfleetMain {

    private KeyfleetMain() {
    }

    public static void main(String[] args) {
        LocalDatabase.lockDownH2(); // before any H2 class reads its system properties
        final int status = KeyfleetCli.run(args);
        // a server command keeps running in its own non-daemon threads and returns no status
        if (status != KeyfleetCli.KEEP_RUNNING) {
            System.exit(status);
        }
    }
}
