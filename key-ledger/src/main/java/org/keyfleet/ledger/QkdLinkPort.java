package org.keyfleet.ledger;

/** Flies contacts: implemented by the sites (the emulated QKD link or a real terminal's report). */
public interface QkdLinkPort {

    /**
     * Executes the contact: creates the block's bits in both the satellite's payload store and the terminal's store
     * (the same bits) and reports the result. Idempotent by {@code order.contactId()}: calling again returns the same
     * result and creates nothing new.
     */
    PassResult fly(ContactOrder order);
}
