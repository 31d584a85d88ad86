package org.keyfleet.app.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The domain a terrestrial KMS peer acts for: a named set of SAEs, possibly at several landing terminals. The
 * scenarios name SAEs {@code <TERMINAL>-<DOMAIN>-<n>} (VIE-GOV-1, LUX-BANK-1), so a domain is named by a label of
 * its SAE ids: {@code GOV} is every SAE whose id has the dash-separated label {@code GOV}, at any terminal; a
 * terminal id names the SAEs of that terminal. A pair key is the domain's when both of its terminals offer a
 * domain SAE in the event's {@code fetchableAt}: the peer is then the master at one end and the slave at the other.
 *
 * @param name            the label
 * @param saesByTerminal  terminal id → the domain's SAE ids there (terminals in id order, SAEs in scenario order)
 */
public record PeerDomain(String name, Map<String, List<String>> saesByTerminal) {

    public PeerDomain {
        Map<String, List<String>> copy = new TreeMap<>();
        saesByTerminal.forEach((t, s) -> copy.put(t, List.copyOf(s)));
        saesByTerminal = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * The SAEs of {@code saesByTerminal} (every SAE the KMEs serve) that carry the label {@code name}.
     *
     * @throws IllegalArgumentException naming the value and the labels there are, when no SAE has the label or the
     *                                  SAEs that have it are all at one terminal
     */
    public static PeerDomain select(String name, Map<String, List<String>> saesByTerminal) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("--domain: expected a label of the SAE ids (e.g. "
                    + examples(saesByTerminal) + ") but was empty");
        }
        Map<String, List<String>> chosen = new LinkedHashMap<>();
        saesByTerminal.forEach((terminal, saes) -> {
            List<String> in = saes.stream().filter(s -> labels(s).contains(name)).toList();
            if (!in.isEmpty()) {
                chosen.put(terminal, in);
            }
        });
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--domain: '" + name + "' is no label of any SAE id of the scenario; "
                    + "expected one of " + examples(saesByTerminal) + " (a domain is the SAEs whose id has that "
                    + "dash-separated label)");
        }
        if (chosen.size() < 2) {
            String t = chosen.keySet().iterator().next();
            throw new IllegalArgumentException("--domain: '" + name + "' has SAEs only at terminal " + t + " ("
                    + String.join(", ", chosen.get(t)) + "); the peer fetches a pair key at both of its terminals, "
                    + "so a domain needs SAEs at two terminals or more");
        }
        return new PeerDomain(name, chosen);
    }

    /** The first SAE {@code offered} at {@code terminalId} that belongs to the domain. */
    public Optional<String> sae(String terminalId, List<String> offered) {
        List<String> mine = saesByTerminal.getOrDefault(terminalId, List.of());
        return offered.stream().filter(mine::contains).findFirst();
    }

    /** Every SAE of the domain. */
    public List<String> saes() {
        List<String> all = new ArrayList<>();
        saesByTerminal.values().forEach(all::addAll);
        return all;
    }

    private static List<String> labels(String saeId) {
        return Arrays.asList(saeId.split("-"));
    }

    /** The labels that name a domain of two terminals or more (not numbers). */
    private static String examples(Map<String, List<String>> saesByTerminal) {
        Map<String, TreeSet<String>> terminalsByLabel = new TreeMap<>();
        saesByTerminal.forEach((t, saes) -> saes.forEach(s -> labels(s).stream()
                .filter(l -> !l.isEmpty() && !l.chars().allMatch(Character::isDigit))
                .forEach(l -> terminalsByLabel.computeIfAbsent(l, k -> new TreeSet<>()).add(t))));
        List<String> wide = terminalsByLabel.entrySet().stream().filter(e -> e.getValue().size() >= 2)
                .map(Map.Entry::getKey).toList();
        return wide.isEmpty() ? "(none: no label is shared by SAEs of two terminals)" : String.join(", ", wide);
    }
}
