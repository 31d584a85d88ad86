package org.keyfleet.planner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns a {@link KeySplit} (key units) into the public {@link ContactPlan} records (bits). */
final class PlanAssembler {

    private PlanAssembler() {
    }

    static ContactPlan assemble(PlanningData data, KeySplit split, double bound, boolean provenOptimal,
                                double greedyObjective, String status, double seconds) {
        List<Contact> contacts = new ArrayList<>();
        Map<String, Map<String, long[]>> linkBits = new TreeMap<>();          // sat → terminal → {expected}
        Map<String, Map<String, Map<String, Long>>> linkAlloc = new TreeMap<>();
        Map<String, Map<String, Long>> viaSatellite = new LinkedHashMap<>(); // pair → sat → bits (A side)
        data.pairs.forEach(d -> viaSatellite.put(d.pairId(), new TreeMap<>()));
        long waste = 0;
        for (int c = 0; c < split.flown().length; c++) {
            if (!split.flown()[c]) {
                continue;
            }
            CandidateContact cc = data.contacts.get(c);
            Map<String, Long> allocation = new TreeMap<>();
            for (int k = 0; k < split.units()[c].length; k++) {
                long bits = split.units()[c][k] * data.unit;
                if (bits == 0) {
                    continue;
                }
                int pair = data.routes.get(data.routesOfContact[c][k]).pair();
                String pairId = data.pairs.get(pair).pairId();
                allocation.merge(pairId, bits, Long::sum);
                if (data.pairA[pair] == data.terminalOf[c]) {
                    viaSatellite.get(pairId).merge(cc.satelliteId(), bits, Long::sum);
                }
            }
            Contact contact = new Contact(cc, allocation);
            contacts.add(contact);
            waste += cc.expectedBits() - contact.allocatedBits();
            linkBits.computeIfAbsent(cc.satelliteId(), k -> new TreeMap<>())
                    .computeIfAbsent(cc.terminalId(), k -> new long[1])[0] += cc.expectedBits();
            Map<String, Long> la = linkAlloc.computeIfAbsent(cc.satelliteId(), k -> new TreeMap<>())
                    .computeIfAbsent(cc.terminalId(), k -> new TreeMap<>());
            allocation.forEach((p, b) -> la.merge(p, b, Long::sum));
        }
        contacts.sort(Comparator.comparing((Contact x) -> x.candidate().aos())
                .thenComparing(x -> x.candidate().satelliteId()).thenComparing(x -> x.candidate().terminalId()));
        List<LinkKey> links = new ArrayList<>();
        linkBits.forEach((sat, terms) -> terms.forEach((term, bits) ->
                links.add(new LinkKey(sat, term, bits[0], linkAlloc.get(sat).get(term)))));
        List<PairDelivery> pairs = new ArrayList<>();
        double objective = 0;
        long delivered = 0;
        long[] credited = split.creditedBits(data);
        for (int i = 0; i < data.pairs.size(); i++) {
            PairDemand d = data.pairs.get(i);
            Map<String, Long> via = viaSatellite.get(d.pairId());
            // per day the planned key is the credited key (slot rule), not the pair key combined over the window
            long planned = d.perDay() ? credited[i] : via.values().stream().mapToLong(Long::longValue).sum();
            pairs.add(new PairDelivery(d, planned, via));
            objective += d.priority() * planned;
            delivered += planned;
        }
        double gap = Double.isNaN(bound) ? Double.NaN : bound == 0 ? 0 : Math.max(0, (bound - objective) / Math.abs(bound));
        return new ContactPlan(contacts, links, pairs, objective, bound, gap, provenOptimal, greedyObjective,
                delivered, waste, data.unit, status, seconds);
    }
}
