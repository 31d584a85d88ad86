package org.keyfleet.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

/** The shipped JSON Schemas, loaded from the classpath as a consumer would, validating events with formats asserted. */
final class EventSchemas {

    private final Schema envelope;
    private final Map<EventType, Schema> data = new EnumMap<>(EventType.class);

    EventSchemas() {
        SchemaRegistryConfig config = new SchemaRegistryConfig.Builder().formatAssertionsEnabled(true).build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemaRegistryConfig(config));
        envelope = load(registry, LedgerEvents.ENVELOPE_SCHEMA_RESOURCE);
        for (EventType t : EventType.values()) {
            data.put(t, load(registry, t.schemaResource()));
        }
    }

    private static Schema load(SchemaRegistry registry, String resource) {
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is not on the classpath");
            }
            return registry.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Problems of a structured-mode event: against the envelope schema, then its data against its type's schema. */
    List<String> problems(JsonNode event) {
        List<String> out = new ArrayList<>();
        envelope.validate(event).forEach(e -> out.add("envelope: " + e));
        EventType type = EventType.ofType(event.path("type").asText()).orElse(null);
        if (type == null) {
            out.add("unknown type " + event.path("type"));
            return out;
        }
        if (!type.dataSchema().toString().equals(event.path("dataschema").asText())) {
            out.add("dataschema " + event.path("dataschema") + " is not " + type.dataSchema());
        }
        String id = data.get(type).getSchemaNode().path("$id").asText();
        if (!id.equals(type.dataSchema().toString())) {
            out.add("schema file " + type.schemaResource() + " has $id " + id + ", not " + type.dataSchema());
        }
        data.get(type).validate(event.path("data")).forEach(e -> out.add("data: " + e));
        return out;
    }
}
