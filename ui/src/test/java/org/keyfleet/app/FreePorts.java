package org.keyfleet.app;

import java.io.IOException;
import java.net.ServerSocket;

/** Free TCP ports for tests that start servers on a block of consecutive ports (the KMEs: one port per site). */
public final class FreePorts {

    private FreePorts() {
    }

    /** The first of {@code n} consecutive ports free right now (another process may still take one later). */
    public static int consecutive(int n) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base;
            try (ServerSocket s = new ServerSocket(0)) {
                base = s.getLocalPort();
            }
            if (base + n > 65535) {
                continue;
            }
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try (ServerSocket s = new ServerSocket(p)) {
                    s.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no " + n + " consecutive free ports");
    }
}
