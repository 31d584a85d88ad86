package org.keyfleet.linkbudget;

/**
 * The best key found for one pass.
 *
 * @param result      the key length and bounds at the chosen parameters and window (an exact evaluation)
 * @param window      the chosen window of slots
 * @param evaluations number of key-length evaluations the search used
 */
public record OptimisedKey(KeyLengthResult result, KeyWindow window, int evaluations) {

    public ProtocolParameters parameters() {
        return result.parameters();
    }

    public double secretKeyBits() {
        return result.secretKeyBits();
    }
}
