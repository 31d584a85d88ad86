package org.keyfleet.ledger;

/** Executes combinations in the site stores: implemented by the sites. */
public interface CombinationPort {

    /**
     * The satellite store consumes and erases both segments; terminals a and b store the pair key. Idempotent by
     * {@code instruction.instructionId()}: the ledger re-sends instructions after a crash.
     */
    void combine(CombinationInstruction instruction);
}
