package org.keyfleet.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The architecture's ledger invariants, checked against the database (for tests, recovery checks and operators). */
final class Invariants {

    private Invariants() {
    }

    private static String linkOf(Books.Block b) {
        return b == null ? "an unknown block" : b.satelliteId() + "/" + b.terminalId();
    }

    static List<String> check(Books books, LedgerSettings settings, AuditLog audit) {
        List<String> out = new ArrayList<>();
        Map<UUID, Books.Block> blocks = new HashMap<>();
        books.blocks().forEach(b -> blocks.put(b.blockId(), b));
        Map<UUID, List<Books.Range>> rangesByBlock = new HashMap<>();
        Map<String, long[]> fromRanges = new HashMap<>(); // link -> generated, available, reserved, consumed, discarded
        Map<UUID, List<Books.Range>> rangesByInstruction = new HashMap<>();
        for (Books.Range r : books.allRanges()) {
            rangesByBlock.computeIfAbsent(r.blockId(), k -> new ArrayList<>()).add(r);
            Books.Block b = blocks.get(r.blockId());
            long[] sums = fromRanges.computeIfAbsent(b.satelliteId() + "/" + b.terminalId(), k -> new long[5]);
            int slot = switch (r.state()) {
                case Books.AVAILABLE -> 1;
                case Books.RESERVED -> 2;
                case Books.CONSUMED -> 3;
                case Books.DISCARDED -> 4;
                default -> {
                    out.add("block " + r.blockId() + " range at " + r.offset() + ": unknown state " + r.state());
                    yield 0;
                }
            };
            sums[slot] += r.length();
            if (r.instructionId() != null) {
                rangesByInstruction.computeIfAbsent(r.instructionId(), k -> new ArrayList<>()).add(r);
            }
        }
        for (Books.Block b : blocks.values()) {
            fromRanges.computeIfAbsent(b.satelliteId() + "/" + b.terminalId(), k -> new long[5])[0] += b.bits();
            long at = 0;
            for (Books.Range r : rangesByBlock.getOrDefault(b.blockId(), List.of())) {
                if (r.offset() != at) {
                    out.add("block " + b.blockId() + ": range at " + r.offset() + (r.offset() < at ? " overlaps" : " leaves a gap")
                            + " (expected offset " + at + ")");
                }
                if (r.length() <= 0 || r.length() % 8 != 0 || r.offset() % 8 != 0) {
                    out.add("block " + b.blockId() + ": range at " + r.offset() + " of " + r.length() + " bits is not whole bytes");
                }
                at = r.offset() + r.length();
            }
            if (at != b.bits()) {
                out.add("block " + b.blockId() + ": ranges cover " + at + " of " + b.bits() + " bits");
            }
        }
        Map<String, Long> storedBySatellite = new HashMap<>();
        for (LinkAccount l : books.links()) {
            String link = l.satelliteId() + "/" + l.terminalId();
            if (!l.balanced()) {
                out.add("link " + link + ": generated " + l.generatedBits() + " != available + reserved + consumed + discarded "
                        + (l.availableBits() + l.reservedBits() + l.consumedBits() + l.discardedBits()));
            }
            long[] r = fromRanges.getOrDefault(link, new long[5]);
            long[] c = {l.generatedBits(), l.availableBits(), l.reservedBits(), l.consumedBits(), l.discardedBits()};
            String[] names = {"generated", "available", "reserved", "consumed", "discarded"};
            for (int i = 0; i < 5; i++) {
                if (r[i] != c[i]) {
                    out.add("link " + link + ": " + names[i] + " counter " + c[i] + " != " + r[i] + " in the block ranges");
                }
            }
            storedBySatellite.merge(l.satelliteId(), l.storedBits(), Long::sum);
        }
        storedBySatellite.forEach((sat, stored) -> {
            if (stored > settings.memoryBits(sat)) {
                out.add("satellite " + sat + ": stores " + stored + " bits, more than its memory " + settings.memoryBits(sat));
            }
        });
        Map<UUID, PairKeyInfo> keys = new HashMap<>();
        books.allPairKeys().forEach(k -> keys.put(k.pairKeyId(), k));
        int doneCount = 0;
        for (String state : List.of(Books.ISSUED, Books.DONE)) {
            String rangeState = Books.ISSUED.equals(state) ? Books.RESERVED : Books.CONSUMED;
            for (CombinationInstruction c : books.instructions(state)) {
                List<Books.Range> rs = rangesByInstruction.getOrDefault(c.instructionId(), List.of());
                boolean ok = rs.size() == 2 && rs.stream().allMatch(r -> r.state().equals(rangeState) && r.length() == c.lengthBits()
                        && ((r.blockId().equals(c.blockA()) && r.offset() == c.offsetA())
                        || (r.blockId().equals(c.blockB()) && r.offset() == c.offsetB())));
                if (!ok) {
                    out.add("instruction " + c.instructionId() + " (" + state + "): expected two " + rangeState
                            + " ranges of " + c.lengthBits() + " bits at its offsets but found " + rs);
                }
                // the trusted-node relay works only on one satellite: both segments are its key, one per terminal
                Books.Block ba = blocks.get(c.blockA());
                Books.Block bb = blocks.get(c.blockB());
                if (ba == null || bb == null || !ba.satelliteId().equals(c.satelliteId())
                        || !bb.satelliteId().equals(c.satelliteId()) || !ba.terminalId().equals(c.terminalA())
                        || !bb.terminalId().equals(c.terminalB())) {
                    out.add("instruction " + c.instructionId() + " combines " + linkOf(ba) + " with " + linkOf(bb)
                            + ", not " + c.satelliteId() + "/" + c.terminalA() + " with " + c.satelliteId() + "/"
                            + c.terminalB());
                }
                PairKeyInfo k = keys.get(c.pairKeyId());
                if (Books.DONE.equals(state)) {
                    doneCount++;
                    if (k == null || k.lengthBits() != c.lengthBits()) {
                        out.add("instruction " + c.instructionId() + " is done but its pair key " + c.pairKeyId()
                                + (k == null ? " is missing" : " has " + k.lengthBits() + " bits"));
                    }
                } else if (k != null) {
                    out.add("instruction " + c.instructionId() + " is only issued but pair key " + c.pairKeyId() + " exists");
                }
            }
        }
        if (doneCount != keys.size()) {
            out.add(keys.size() + " pair keys but " + doneCount + " done instructions");
        }
        out.addAll(books.overDeliveries());
        AuditVerification v = audit.verify();
        if (!v.ok()) {
            out.add(v.toString());
        }
        return out;
    }
}
