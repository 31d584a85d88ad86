package org.keyfleet.app.web;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.CssImport;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.shared.Registration;

/**
 * The fleet on a Leaflet map ({@code keyfleet-map.js}): terminals coloured by key state with their visibility
 * footprints, satellites moving along their ground tracks, passes and contacts, a time slider with play/pause.
 * Data goes to the browser as JSON properties; the element animates between server updates.
 */
@Tag("keyfleet-map")
@JsModule("./keyfleet-map.js")
@NpmPackage(value = "leaflet", version = "1.9.4")
@NpmPackage(value = "topojson-client", version = "3.1.0")
@NpmPackage(value = "world-atlas", version = "2.0.2")
@CssImport("leaflet/dist/leaflet.css")
class FleetMap extends com.vaadin.flow.component.Component implements HasSize {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Terminal states (colours): enough key for the demands, some, low-stock alert, no ledger or no demand. */
    static final String OK = "ok";
    static final String SHORT = "short";
    static final String LOW = "low";
    static final String NONE = "none";

    /** A ground terminal on the map; {@code details} are label–value rows for its popup. */
    record TerminalMark(String id, String name, double lat, double lon, String state, double footprintKm,
                        List<List<String>> details) {
    }

    /** A satellite: its ground track as [epoch ms, lat°, lon°] rows. */
    record SatelliteMark(String id, List<double[]> track) {
    }

    /** A pass (or a planned contact): its sub-satellite points from AOS to LOS as [lat°, lon°]. */
    record PassMark(String satellite, String terminal, long aos, long los, boolean contact, Long expectedBits,
                    List<double[]> track) {
    }

    FleetMap() {
        setSizeFull();
    }

    void setTileUrl(String url, String attribution) {
        getElement().setProperty("tileUrl", url == null ? "" : url);
        getElement().setProperty("tileAttribution", attribution == null ? "" : attribution);
    }

    void setTerminals(List<TerminalMark> terminals) {
        getElement().setProperty("terminalsJson", json(terminals));
    }

    void setSatellites(List<SatelliteMark> satellites) {
        getElement().setProperty("satellitesJson", json(satellites));
    }

    void setPasses(List<PassMark> passes) {
        getElement().setProperty("passesJson", json(passes));
    }

    /** The slider's range and the time shown. */
    void setRange(Instant start, Instant end, Instant time) {
        getElement().setProperty("range", json(new Range(start.toEpochMilli(), end.toEpochMilli(),
                time.toEpochMilli())));
    }

    void setPlaying(boolean playing) {
        getElement().setProperty("playing", playing);
    }

    private record Range(long start, long end, long time) {
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("map data not serialisable: " + e.getOriginalMessage(), e);
        }
    }

    Registration addTimeListener(ComponentEventListener<TimeEvent> listener) {
        return addListener(TimeEvent.class, listener);
    }

    Registration addSelectListener(ComponentEventListener<SelectEvent> listener) {
        return addListener(SelectEvent.class, listener);
    }

    /** The browser shows another time (slider moved, playing, paused). */
    @DomEvent("keyfleet-time")
    public static class TimeEvent extends ComponentEvent<FleetMap> {
        private final Instant time;

        public TimeEvent(FleetMap source, boolean fromClient, @EventData("event.detail.time") double timeMs) {
            super(source, fromClient);
            this.time = Instant.ofEpochMilli((long) timeMs);
        }

        Instant time() {
            return time;
        }
    }

    /** A terminal, satellite or pass was clicked. */
    @DomEvent("keyfleet-select")
    public static class SelectEvent extends ComponentEvent<FleetMap> {
        private final String kind;
        private final String id;

        public SelectEvent(FleetMap source, boolean fromClient, @EventData("event.detail.kind") String kind,
                           @EventData("event.detail.id") String id) {
            super(source, fromClient);
            this.kind = kind;
            this.id = id;
        }

        String kind() {
            return kind;
        }

        String id() {
            return id;
        }
    }
}
