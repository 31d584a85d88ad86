package org.keyfleet.ledger;

import java.util.LinkedHashMap;
import java.util.Map;

import io.cloudevents.CloudEvent;

/**
 * Consumer-side de-duplication of the feed: the relay delivers at least once, so a consumer may see an event again
 * (a pass whose commit outcome the relay could not learn is sent again; a consumer restarted before it committed its
 * offsets reads again). Passing every event through {@link #firstDelivery(CloudEvent)} makes processing effectively
 * once.
 *
 * <p>Remembers the last {@code capacity} event ids (CloudEvents source + id, which the specification makes unique) in
 * memory. Duplicates arrive close to the original — within one relay batch plus the consumer's uncommitted offsets —
 * so a window of ten or more relay batches is ample. It is not persistent: a consumer that must not repeat work across
 * its own restarts commits offsets after processing and keeps its results idempotent by event id.
 */
public final class EventDeduplicator {

    /** Default window: 100 000 ids (a few MB), 200 relay batches of the default size. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final Map<String, Boolean> seen;
    private long duplicates;

    private EventDeduplicator(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event deduplicator: capacity must be >= 1 but was " + capacity);
        }
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > EventDeduplicator.this.capacity;
            }
        };
    }

    /** Remembers the last {@code capacity} ids. */
    public static EventDeduplicator inMemory(int capacity) {
        return new EventDeduplicator(capacity);
    }

    /** True the first time this event (source + id) is seen within the window, false for a duplicate. */
    public boolean firstDelivery(CloudEvent event) {
        return firstDelivery(event.getSource().toString(), event.getId());
    }

    /** As {@link #firstDelivery(CloudEvent)} by the attributes. */
    public synchronized boolean firstDelivery(String source, String id) {
        Checks.id("event deduplicator", "source", source);
        Checks.id("event deduplicator", "id", id);
        if (seen.putIfAbsent(source + " " + id, Boolean.TRUE) == null) {
            return true;
        }
        duplicates++;
        return false;
    }

    /** Duplicates dropped so far. */
    public synchronized long duplicates() {
        return duplicates;
    }

    public int capacity() {
        return capacity;
    }
}
