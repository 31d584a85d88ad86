package org.keyfleet.ledger;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.keyfleet.planner.PairDemand;

/**
 * A ledger run that writes every published event type, in two halves (so a test can stop the broker in between),
 * with emulated key material: each block's bytes come from a DRBG at the fake sites and are registered with a
 * {@link KeyMaterialScanner}, together with every pair key (segment of block A) and every published combination
 * C = K_sa ⊕ K_sb. The ledger never sees them; the scanner proves they reach no event.
 */
final class EventStory {

    static final Instant END = Plans.T0.plus(Duration.ofDays(1));

    final KeyMaterialScanner scanner = new KeyMaterialScanner();
    final Map<UUID, byte[]> material = new HashMap<>();
    final FakeSites sites = new FakeSites(this::outcome);
    final KeyLedger ledger;
    private final SecureRandom drbg;
    private List<ContactOrder> orders;

    EventStory(DataSource ds) {
        try {
            drbg = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        LedgerSettings settings = LedgerSettings.defaults()
                .withMemoryBits(Map.of("sat1", 12_000L))
                .withBlockLifetime(Duration.ofHours(6))
                .withLowStockThreshold(1000)
                .withDemandAtRiskFraction(0.25);
        ledger = KeyLedger.open(ds, settings, sites, sites,
                SaeDirectory.of(Map.of("MAD", List.of("sae-mad-1", "sae-mad-2"), "WAW", List.of("sae-waw-1"))));
    }

    /** Clear sky with the forecast's key (bytes from the DRBG), except contacts at PAR, which are clouded out. */
    private PassResult outcome(ContactOrder o) {
        if (o.terminalId().equals("PAR")) {
            return new PassResult(o.contactId(), o.satelliteId(), o.terminalId(), false, null, 0, Double.NaN, o.los());
        }
        long bits = o.forecastBitsIfClear() - o.forecastBitsIfClear() % 8;
        UUID block = UUID.nameUUIDFromBytes(("block" + o.contactId()).getBytes(StandardCharsets.UTF_8));
        byte[] key = new byte[(int) (bits / 8)];
        drbg.nextBytes(key);
        material.put(block, key);
        scanner.add(key);
        return new PassResult(o.contactId(), o.satelliteId(), o.terminalId(), true, block, bits, 0.021, o.los());
    }

    /**
     * First half: two plans (the second drops a contact), the demand falls behind, two passes (the second over the
     * satellite's memory), a combination (stock low, demand recovered), a delivery.
     */
    void firstHalf() {
        ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 600, 8000, Map.of("MAD-WAW", 8000L)),
                        Plans.contact("sat1", "WAW", 620, 6000, Map.of("MAD-WAW", 6000L)),
                        Plans.contact("sat1", "PAR", 700, 4000, Map.of())),
                List.of(new PairDemand("MAD", "WAW", 16_000, 1.0))), c -> 0.03, Plans.T0, END);
        orders = ledger.schedule(Plans.plan(List.of(
                        Plans.contact("sat1", "MAD", 600, 8000, Map.of("MAD-WAW", 8000L)),
                        Plans.contact("sat1", "WAW", 620, 6000, Map.of("MAD-WAW", 6000L)),
                        Plans.contact("sat1", "PAR", 640, 4000, Map.of()),
                        Plans.contact("sat1", "WAW", 1000, 4000, Map.of())),
                List.of(new PairDemand("MAD", "WAW", 16_000, 1.0))), c -> 0.03, Plans.T0, END);
        ledger.combine(Plans.T0.plus(Duration.ofHours(7)));
        for (int i = 0; i < 3; i++) {
            ledger.book(sites.fly(orders.get(i)));
        }
        ledger.combine(orders.get(2).los());
        PairKeyInfo key = ledger.pairKeys("MAD", "WAW").get(0);
        ledger.recordDelivered(key.pairKeyId(), "MAD", "sae-mad-1", 1024, orders.get(2).los().plusSeconds(60));
        registerCombinations();
    }

    /** Second half: the rest of the first block expires (stock low at MAD), a later pass restores WAW's stock. */
    void secondHalf() {
        ledger.expire(orders.get(0).los().plus(Duration.ofHours(6)));
        ledger.book(sites.fly(orders.get(3)));
        ledger.combine(orders.get(3).los());
        PairKeyInfo key = ledger.pairKeys("MAD", "WAW").get(0);
        ledger.recordDelivered(key.pairKeyId(), "WAW", "sae-waw-1", 1024, orders.get(3).los().plusSeconds(60));
        registerCombinations();
    }

    /** The pair key (segment of block A) and the published C = segment A ⊕ segment B of each executed instruction. */
    private void registerCombinations() {
        for (CombinationInstruction c : sites.combined.values()) {
            byte[] a = segment(c.blockA(), c.offsetA(), c.lengthBits());
            byte[] b = segment(c.blockB(), c.offsetB(), c.lengthBits());
            byte[] x = new byte[a.length];
            for (int i = 0; i < a.length; i++) {
                x[i] = (byte) (a[i] ^ b[i]);
            }
            scanner.add(a);
            scanner.add(x);
        }
    }

    private byte[] segment(UUID block, long offsetBits, long lengthBits) {
        byte[] all = material.get(block);
        byte[] out = new byte[(int) (lengthBits / 8)];
        System.arraycopy(all, (int) (offsetBits / 8), out, 0, out.length);
        return out;
    }
}
