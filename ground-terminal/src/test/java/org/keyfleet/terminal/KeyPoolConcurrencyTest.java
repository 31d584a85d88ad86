package org.keyfleet.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database alone keeps allocations apart: two key pools (as two processes would have) without the in-process
 * queue, 32 threads hammering them at once.
 */
class KeyPoolConcurrencyTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void rowLocksAndConditionalUpdatesAloneKeepEveryKeySingle(TestDatabases.Kind kind) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(32);
        try (Sites sites = new Sites(kind)) {
            GroundSegment g = sites.segment;
            KeyPool[] pools = {
                    new KeyPool(g.jdbc(), g.transactions(), g.stores(), g.clock(), false),
                    new KeyPool(g.jdbc(), g.transactions(), g.stores(), g.clock(), false)};
            UUID pk1 = sites.pairKey("EAGLE-1", "BRU", "VIE", 6_400);
            UUID pk2 = sites.pairKey("EAGLE-1", "BRU", "VIE", 6_408);
            long total = 2 * 6_400 / 128; // keys of 128 bits

            Map<UUID, String> masterCopies = new ConcurrentHashMap<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                KeyPool pool = pools[t % 2];
                futures.add(threads.submit((Callable<Void>) () -> {
                    go.await();
                    for (int i = 0; i < 100; i++) {
                        try {
                            for (KeyPool.DeliveredKey k : pool.allocate("BRU", "VIE", "sae-BRU-1", List.of("sae-VIE-1"), 3, 128).keys()) {
                                assertThat(masterCopies.put(k.keyId(), HexFormat.of().formatHex(k.key()))).isNull();
                            }
                        } catch (EtsiException e) {
                            assertThat(e.status()).isEqualTo(503);
                            return null;
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(Patience.SHORT.toMillis(), TimeUnit.MILLISECONDS);
            }
            // 3 keys per request: the last one or two keys of the link may stay unallocated
            assertThat((long) masterCopies.size()).isBetween(total - 2, total);
            assertThat(new HashSet<>(masterCopies.values())).hasSize(masterCopies.size());
            assertThat(sites.live("gt:BRU", pk1) + sites.live("gt:BRU", pk2))
                    .isEqualTo(2 * 6_400 + 8 - 128L * masterCopies.size());

            // every key asked for by two slaves' requests at once through different pools: each delivered once
            List<UUID> ids = new ArrayList<>(masterCopies.keySet());
            Set<UUID> delivered = ConcurrentHashMap.newKeySet();
            CountDownLatch go2 = new CountDownLatch(1);
            List<Future<Boolean>> decs = new ArrayList<>();
            for (int i = 0; i < ids.size(); i += 2) {
                List<UUID> pair = ids.subList(i, Math.min(ids.size(), i + 2));
                for (int twice = 0; twice < 2; twice++) {
                    KeyPool pool = pools[twice];
                    decs.add(threads.submit(() -> {
                        go2.await();
                        try {
                            for (KeyPool.DeliveredKey k : pool.deliverToSlave("VIE", "sae-VIE-1", "BRU", "sae-BRU-1", pair).keys()) {
                                assertThat(HexFormat.of().formatHex(k.key())).isEqualTo(masterCopies.get(k.keyId()));
                                assertThat(delivered.add(k.keyId())).isTrue();
                            }
                            return true;
                        } catch (EtsiException e) {
                            assertThat(e.status()).isEqualTo(400);
                            return false;
                        }
                    }));
                }
            }
            go2.countDown();
            int successes = 0;
            for (Future<Boolean> f : decs) {
                if (f.get(Patience.SHORT.toMillis(), TimeUnit.MILLISECONDS)) {
                    successes++;
                }
            }
            assertThat(successes).isEqualTo(decs.size() / 2);
            assertThat(delivered).hasSize(masterCopies.size());
            assertThat(sites.live("gt:VIE", pk1) + sites.live("gt:VIE", pk2))
                    .isEqualTo(2 * 6_400 + 8 - 128L * masterCopies.size());
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * The optimistic cursor update finds the cursor moved by another transaction (as another process would): the
     * allocation waits for that transaction's row lock, then does it again with the pool locked, and carves its key
     * after the other's bits.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void anAllocationWhoseCursorMovedMeanwhileIsRedoneAfterTheOtherBits(TestDatabases.Kind kind) throws Exception {
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (Sites sites = new Sites(kind); java.sql.Connection other = sites.dataSource.getConnection()) {
            GroundSegment g = sites.segment;
            KeyPool pool = new KeyPool(g.jdbc(), g.transactions(), g.stores(), g.clock(), true);
            UUID pk = sites.pairKey("EAGLE-1", "BRU", "VIE", 2048);
            byte[] pairKey = sites.read("gt:BRU", pk, 0, 2048);
            other.setAutoCommit(false);
            try (java.sql.PreparedStatement move = other.prepareStatement(
                    "update terminal_pair_key set allocated_bits = allocated_bits + 256 where pair_key_id = ?")) {
                move.setObject(1, pk);
                assertThat(move.executeUpdate()).isEqualTo(1);
            }
            // the allocation reads the committed cursor (0) and then waits for the other transaction's row lock
            Future<KeyPool.Delivery> allocation = threads.submit(() ->
                    pool.allocate("BRU", "VIE", "sae-BRU-1", List.of("sae-VIE-1"), 1, 256));
            awaitLockWait(sites, kind, allocation);
            other.commit();

            KeyPool.DeliveredKey key = allocation.get(Patience.SHORT.toMillis(), TimeUnit.MILLISECONDS).keys().get(0);
            assertThat(key.key()).isEqualTo(java.util.Arrays.copyOfRange(pairKey, 32, 64));
            assertThat(sites.count("select count(*) from terminal_key_allocation where pair_key_id = ? and offset_bits = 256",
                    pk)).isEqualTo(1);
            assertThat(g.jdbc().queryForObject("select allocated_bits from terminal_pair_key where pair_key_id = ?",
                    Long.class, pk)).isEqualTo(512);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Polls the database's own view until some session waits for a lock (bounded; no fixed sleep). */
    private static void awaitLockWait(Sites sites, TestDatabases.Kind kind, Future<?> stillRunning) throws Exception {
        String waiting = kind == TestDatabases.Kind.H2
                ? "select count(*) from information_schema.sessions where blocker_id is not null"
                : "select count(*) from pg_stat_activity where wait_event_type = 'Lock'";
        long deadline = System.nanoTime() + Patience.SHORT.toNanos();
        while (sites.count(waiting) == 0) {
            assertThat(stillRunning.isDone()).as("the allocation finished without waiting for the lock").isFalse();
            assertThat(System.nanoTime()).as("no session waited for the lock within %s", Patience.SHORT).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
