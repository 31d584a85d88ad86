package org.keyfleet.app.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.keyfleet.scenarios.Scenario;
import org.keyfleet.scenarios.ScenarioCatalogue;
import org.keyfleet.scenarios.ScenarioLoader;
import org.keyfleet.scenarios.ScenarioValidationException;
import org.keyfleet.scenarios.ValidationProblem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.AccessDeniedException;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;

import jakarta.annotation.security.PermitAll;

/**
 * Scenarios: the shipped ones and those saved here, their YAML; validating an uploaded or pasted YAML with the
 * validator's messages beside the lines they are about; saving a valid one (operators) to plan it in Jobs.
 */
@Route(value = "scenarios", layout = MainLayout.class)
@PageTitle("Scenarios · Keyfleet")
@PermitAll
public class ScenariosView extends VerticalLayout {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_BYTES = 1 << 20;

    /** A scenario in the list. */
    record ScenarioRow(String name, String source, int terminals, int satellites, int demands, double days,
                       String description) {
    }

    private final Fleet fleet;
    private final Operations operations;
    private final Path savedDir;
    private final Grid<ScenarioRow> grid = new Grid<>();
    private final Div selected = new Div();
    private final TextArea yaml = new TextArea("Scenario YAML to validate");
    private final Div result = new Div();
    private Scenario lastValid;
    private String lastValidText;

    public ScenariosView(Fleet fleet, Operations operations,
                         @Value("${keyfleet.data:${KEYFLEET_DATA:./data}}") String dataDir) {
        this.fleet = fleet;
        this.operations = operations;
        this.savedDir = Path.of(dataDir).resolve("scenarios").toAbsolutePath().normalize();
        setWidthFull();

        grid.setId("scenarios-grid");
        grid.addColumn(ScenarioRow::name).setHeader("Scenario").setAutoWidth(true);
        grid.addColumn(ScenarioRow::terminals).setHeader("Terminals").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(ScenarioRow::satellites).setHeader("Satellites").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(ScenarioRow::demands).setHeader("Demands").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> String.format(Locale.ROOT, "%.1f", r.days())).setHeader("Days").setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(ScenarioRow::description).setHeader("Description").setFlexGrow(1);
        grid.setAllRowsVisible(true);
        grid.asSingleSelect().addValueChangeListener(e -> show(e.getValue()));
        selected.setId("scenario-selected");
        selected.setWidthFull();

        yaml.setId("scenario-yaml");
        yaml.setWidthFull();
        yaml.setHeight("16em");
        yaml.getStyle().set("font-family", "monospace");
        Upload upload = new Upload(UploadHandler.inMemory((meta, data) -> {
            String text = new String(data, StandardCharsets.UTF_8);
            getUI().ifPresent(ui -> ui.access(() -> {
                yaml.setValue(text);
                validate(meta.fileName());
            }));
        }));
        upload.setId("scenario-upload");
        upload.setAcceptedFileTypes(".yaml", ".yml", "application/x-yaml", "text/yaml");
        upload.setMaxFileSize(MAX_BYTES);
        upload.setDropLabel(new Span("Drop a scenario YAML here"));
        Button validate = new Button("Validate", e -> validate("pasted YAML"));
        validate.setId("scenario-validate");
        validate.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        result.setId("scenario-result");
        result.setWidthFull();

        add(new H2("Scenarios"), grid, selected, new H3("Validate a scenario"),
                new Paragraph("Upload a scenario YAML or paste it below; problems appear beside the lines they are "
                        + "about. A valid scenario can be saved here and planned in Jobs."),
                upload, yaml, validate, result);
        grid.setItems(rows());
    }

    private List<ScenarioRow> rows() {
        List<ScenarioRow> rows = new ArrayList<>();
        for (String name : ScenarioCatalogue.shippedNames()) {
            rows.add(row(name, fleet.scenario(name)));
        }
        for (Path p : saved()) {
            try {
                rows.add(row(p.toString(), new ScenarioLoader().load(p)));
            } catch (ScenarioValidationException | IllegalArgumentException e) {
                // a file that no longer validates is left out of the list
            }
        }
        return rows;
    }

    private static ScenarioRow row(String source, Scenario s) {
        return new ScenarioRow(s.name(), source, s.groundTerminals().size(), s.satellites().size(), s.demands().size(),
                s.horizon().toMinutes() / 1440.0, s.description());
    }

    private List<Path> saved() {
        if (!Files.isDirectory(savedDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(savedDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void show(ScenarioRow row) {
        selected.removeAll();
        if (row == null) {
            return;
        }
        String text;
        if (ScenarioCatalogue.shippedNames().contains(row.source())) {
            text = ScenarioCatalogue.shippedYaml(row.source());
        } else {
            try {
                text = Files.readString(Path.of(row.source()));
            } catch (IOException e) {
                text = "cannot read " + row.source() + ": " + e.getMessage();
            }
        }
        Button plan = new Button("Plan it in Jobs", e -> getUI().ifPresent(ui -> ui.navigate(JobsView.class,
                com.vaadin.flow.router.QueryParameters.of("scenario", row.source()))));
        plan.setId("scenario-plan");
        Button map = new Button("Show on the map", e -> getUI().ifPresent(ui -> ui.navigate(MapView.class,
                com.vaadin.flow.router.QueryParameters.of("scenario", row.source()))));
        map.setId("scenario-map");
        Div source = annotated(text, Map.of());
        source.getStyle().set("max-height", "24em").set("overflow", "auto");
        selected.add(new H3(row.name() + " (" + row.source() + ")"), new HorizontalLayout(plan, map), source);
    }

    private void validate(String sourceName) {
        result.removeAll();
        lastValid = null;
        String text = yaml.getValue();
        if (text == null || text.isBlank()) {
            result.add(new Paragraph("Nothing to validate: paste or upload a scenario YAML."));
            return;
        }
        try {
            Scenario s = new ScenarioLoader().parse(text, sourceName, null);
            lastValid = s;
            lastValidText = text;
            Paragraph ok = new Paragraph("Valid: scenario " + s.name() + " with " + s.groundTerminals().size()
                    + " terminals, " + s.satellites().size() + " satellites, " + s.demands().size() + " demands, "
                    + String.format(Locale.ROOT, "%.1f", s.horizon().toMinutes() / 1440.0) + " days from "
                    + Format.minute(s.start()) + ".");
            ok.setId("scenario-valid");
            Button save = new Button("Save to the data directory", e -> save());
            save.setId("scenario-save");
            save.setEnabled(Roles.isOperator());
            result.add(ok, save);
        } catch (ScenarioValidationException e) {
            Paragraph summary = new Paragraph(e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s")
                    + " in " + sourceName + ":");
            summary.setId("scenario-problem-count");
            result.add(summary, annotated(text, byLine(text, e.problems())));
        }
    }

    /** Problems by the 0-based line they are about; those without a line go to line -1 (shown first). */
    static Map<Integer, List<ValidationProblem>> byLine(String text, List<ValidationProblem> problems) {
        YamlLocator locator = new YamlLocator(text);
        Map<Integer, List<ValidationProblem>> map = new TreeMap<>();
        for (ValidationProblem p : problems) {
            OptionalInt line = p.path().isEmpty() ? OptionalInt.empty() : locator.line(p.path());
            map.computeIfAbsent(line.orElse(-1), k -> new ArrayList<>()).add(p);
        }
        return map;
    }

    /** The YAML with line numbers and each problem right under its line. */
    private static Div annotated(String text, Map<Integer, List<ValidationProblem>> problems) {
        Div box = new Div();
        box.addClassName("kf-yaml");
        for (ValidationProblem p : problems.getOrDefault(-1, List.of())) {
            box.add(problem(p, -1));
        }
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            Div line = new Div();
            line.addClassName("kf-yaml-line");
            line.getElement().setAttribute("data-line", Integer.toString(i + 1));
            Span no = new Span(Integer.toString(i + 1));
            no.addClassName("kf-yaml-no");
            Span code = new Span(lines[i]);
            code.addClassName("kf-yaml-code");
            line.add(no, code);
            box.add(line);
            for (ValidationProblem p : problems.getOrDefault(i, List.of())) {
                box.add(problem(p, i + 1));
            }
        }
        return box;
    }

    private static Div problem(ValidationProblem p, int line) {
        Div d = new Div(new Span("▲ " + (p.path().isEmpty() ? "" : p.path() + ": ") + p.message()));
        d.addClassName("kf-yaml-problem");
        d.getElement().setAttribute("data-line", Integer.toString(line));
        d.getElement().setAttribute("data-path", p.path());
        return d;
    }

    private void save() {
        if (lastValid == null) {
            return;
        }
        try {
            Path file = saveScenario(lastValid, lastValidText);
            result.add(new Paragraph("Saved as " + file + "; it is in the list above and can be planned in Jobs."));
            grid.setItems(rows());
        } catch (AccessDeniedException e) {
            result.add(new Paragraph("Only operators save scenarios."));
        } catch (IllegalArgumentException e) {
            result.add(new Paragraph(e.getMessage()));
        }
    }

    private Path saveScenario(Scenario s, String text) {
        operations.requireOperator();
        if (!NAME.matcher(s.name()).matches()) {
            throw new IllegalArgumentException("name: '" + s.name() + "' cannot be a file name; expected letters,"
                    + " digits, '.', '_' or '-' (at most 64)");
        }
        if (ScenarioCatalogue.shippedNames().contains(s.name())) {
            throw new IllegalArgumentException("name: '" + s.name() + "' is a shipped scenario; give yours another"
                    + " name");
        }
        try {
            Files.createDirectories(savedDir);
            Path file = savedDir.resolve(s.name() + ".yaml");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the scenario under " + savedDir + ": " + e.getMessage(), e);
        }
    }
}
