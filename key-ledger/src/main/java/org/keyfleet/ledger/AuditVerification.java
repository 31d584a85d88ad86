package org.keyfleet.ledger;

/**
 * Outcome of checking the audit log's hash chain.
 *
 * @param ok          whether every entry verified
 * @param entries     entries checked (up to and including the first broken one)
 * @param brokenSeq   sequence number of the first broken entry, or -1 when ok
 * @param problem     what differs at that entry (empty when ok)
 */
public record AuditVerification(boolean ok, long entries, long brokenSeq, String problem) {

    static AuditVerification valid(long entries) {
        return new AuditVerification(true, entries, -1, "");
    }

    static AuditVerification broken(long entries, long seq, String problem) {
        return new AuditVerification(false, entries, seq, problem);
    }

    @Override
    public String toString() {
        return ok ? "audit chain ok: " + entries + " entries" : "audit chain broken at entry " + brokenSeq + ": " + problem;
    }
}
