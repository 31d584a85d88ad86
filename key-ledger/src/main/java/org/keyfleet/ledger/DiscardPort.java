package org.keyfleet.ledger;

/** Erases wasted key segments in the site stores: implemented by the sites. */
public interface DiscardPort {

    /** Erases the segment in both the satellite's and the terminal's store. Idempotent by (blockId, offset). */
    void discard(BlockDiscard discard);
}
