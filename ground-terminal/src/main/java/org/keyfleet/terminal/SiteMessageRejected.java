package org.keyfleet.terminal;

/**
 * A site message that can never be applied as it is (malformed, misrouted, inconsistent with what this site
 * knows): the receiver parks it with this message instead of retrying it. Every other failure is retried.
 */
final class SiteMessageRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SiteMessageRejected(String message) {
        super(message);
    }
}
