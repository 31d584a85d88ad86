package org.keyfleet.app.web;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;

/** Gantt chart of passes and contacts ({@code keyfleet-timeline.js}): a row per satellite and per terminal. */
@Tag("keyfleet-timeline")
@JsModule("./keyfleet-timeline.js")
class Timeline extends Component implements HasSize {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A bar: a contact (chosen pass) or a pass not chosen; times in epoch ms; {@code title} shows on hover. */
    record Bar(String satellite, String terminal, long aos, long los, boolean contact, boolean daylight,
               Double pClear, String title) {
    }

    /** A row: its group ("satellites", "terminals"), label, bars and shaded (daylight) intervals [from, to] ms. */
    record Row(String group, String label, List<Bar> bars, List<long[]> shade) {
    }

    private record Data(long start, long end, List<Row> rows) {
    }

    void setData(Instant start, Instant end, List<Row> rows) {
        try {
            getElement().setProperty("data", JSON.writeValueAsString(new Data(start.toEpochMilli(),
                    end.toEpochMilli(), rows)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("timeline data not serialisable: " + e.getOriginalMessage(), e);
        }
    }
}
