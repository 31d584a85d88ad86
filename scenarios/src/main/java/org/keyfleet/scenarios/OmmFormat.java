package org.keyfleet.scenarios;

import java.io.IOException;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Checks that a file is a CCSDS Orbit Mean-elements Message (KVN or XML) the orbit module can propagate with
 * SGP4: the keys Orekit's OMM parser and its TLE conversion need, numbers that are numbers, an epoch in the
 * supported range. The message is not interpreted here; the point is that {@code keyfleet scenarios} refuses
 * a file that is not an OMM at all (e.g. {@code /etc/passwd}) with a clear message, before any propagation.
 */
final class OmmFormat {

    /** Largest OMM file, in bytes (a message is about 1 KB). */
    static final long MAX_BYTES = 256 * 1024;

    /** Keys the orbit module's conversion to a TLE needs (found by removing each from a working message). */
    static final List<String> REQUIRED = List.of("OBJECT_NAME", "OBJECT_ID", "CENTER_NAME", "REF_FRAME",
            "TIME_SYSTEM", "MEAN_ELEMENT_THEORY", "EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION",
            "RA_OF_ASC_NODE", "ARG_OF_PERICENTER", "MEAN_ANOMALY", "NORAD_CAT_ID", "ELEMENT_SET_NO", "REV_AT_EPOCH",
            "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT");

    private static final Pattern KVN_LINE = Pattern.compile("([A-Z][A-Z0-9_]*)\\s*=\\s*(.*?)\\s*(\\[.*\\])?");
    private static final Pattern INTERNATIONAL_DESIGNATOR = Pattern.compile("\\d{4}-\\d{3}[A-Z]{1,3}");
    private static final Pattern CALENDAR_EPOCH =
            Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?Z?");
    private static final Pattern ORDINAL_EPOCH = Pattern.compile("(\\d{4})-(\\d{3})T(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?Z?");

    private OmmFormat() {
    }

    /** Every problem of the message, each a short sentence; empty when it is a usable OMM. */
    static List<String> check(String content) {
        final String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        final List<String> problems = new ArrayList<>();
        final Map<String, String> values = text.stripLeading().startsWith("<") ? xml(text, problems)
                : kvn(text, problems);
        if (!problems.isEmpty()) {
            return problems;
        }
        for (String key : REQUIRED) {
            if (!values.containsKey(key) || values.get(key).isBlank()) {
                problems.add(key + " is missing (an SGP4 OMM needs " + String.join(", ", REQUIRED) + ")");
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        expect(values, "MEAN_ELEMENT_THEORY", List.of("SGP4", "SGP/SGP4"), problems);
        expect(values, "CENTER_NAME", List.of("EARTH"), problems);
        expect(values, "REF_FRAME", List.of("TEME"), problems);
        expect(values, "TIME_SYSTEM", List.of("UTC"), problems);
        if (!INTERNATIONAL_DESIGNATOR.matcher(values.get("OBJECT_ID").trim()).matches()) {
            problems.add("OBJECT_ID " + quoted(values.get("OBJECT_ID"))
                    + " is not an international designator like 2026-900A");
        }
        epoch(values.get("EPOCH").trim(), problems);
        number(values, "MEAN_MOTION", 0, false, 20, true, problems);
        number(values, "ECCENTRICITY", 0, true, 1, false, problems);
        number(values, "INCLINATION", 0, true, 180, true, problems);
        for (String angle : List.of("RA_OF_ASC_NODE", "ARG_OF_PERICENTER", "MEAN_ANOMALY")) {
            number(values, angle, -360, true, 360, true, problems);
        }
        number(values, "NORAD_CAT_ID", 0, true, 339_999, true, problems);
        number(values, "ELEMENT_SET_NO", 0, true, 9999, true, problems);
        number(values, "REV_AT_EPOCH", 0, true, 99_999, true, problems);
        for (String rate : List.of("MEAN_MOTION_DOT", "MEAN_MOTION_DDOT", "BSTAR")) {
            if (values.containsKey(rate)) {
                number(values, rate, -1e6, true, 1e6, true, problems);
            }
        }
        return problems;
    }

    /** KVN: {@code KEY = value [unit]} lines, COMMENT lines and blank lines, starting with CCSDS_OMM_VERS. */
    private static Map<String, String> kvn(String text, List<String> problems) {
        final Map<String, String> values = new LinkedHashMap<>();
        final String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            final String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("COMMENT")) {
                continue;
            }
            final Matcher m = KVN_LINE.matcher(line);
            if (!m.matches()) {
                problems.add("line " + (i + 1) + " " + quoted(line) + " is not 'KEY = value' (expected a CCSDS OMM"
                        + " in KVN form starting with CCSDS_OMM_VERS = 2.0, or in XML form)");
                return values;
            }
            if (values.isEmpty() && !m.group(1).equals("CCSDS_OMM_VERS")) {
                problems.add("line " + (i + 1) + " is " + m.group(1) + ", expected CCSDS_OMM_VERS = 2.0 or 3.0"
                        + " first (a CCSDS OMM in KVN form)");
                return values;
            }
            values.putIfAbsent(m.group(1), m.group(2));
        }
        if (values.isEmpty()) {
            problems.add("the file is empty; expected a CCSDS OMM (KVN or XML)");
        }
        return values;
    }

    /** XML: an {@code <omm>} root; the leaf elements' text by name. No DTDs or external entities are read. */
    private static Map<String, String> xml(String text, List<String> problems) {
        final Map<String, String> values = new LinkedHashMap<>();
        final Document doc;
        try {
            final DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(true);
            final var builder = f.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() { // the default handler prints to standard error
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            doc = builder.parse(new InputSource(new StringReader(text)));
        } catch (SAXException e) {
            problems.add("not well-formed XML: " + oneLine(e.getMessage()));
            return values;
        } catch (ParserConfigurationException | IOException e) {
            problems.add("cannot be read as XML: " + oneLine(e.toString()));
            return values;
        }
        final Element root = doc.getDocumentElement();
        final String name = root.getLocalName() == null ? root.getTagName() : root.getLocalName();
        if (!name.equals("omm")) {
            problems.add("the XML root element is <" + YamlGuard.shown(name) + ">, expected <omm> (a CCSDS OMM)");
            return values;
        }
        final NodeList all = root.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            final Element e = (Element) all.item(i);
            if (e.getElementsByTagName("*").getLength() == 0) {
                final String key = e.getLocalName() == null ? e.getTagName() : e.getLocalName();
                values.putIfAbsent(key, e.getTextContent().strip());
            }
        }
        return values;
    }

    private static void expect(Map<String, String> values, String key, List<String> allowed, List<String> problems) {
        final String v = values.get(key).trim().toUpperCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            problems.add(key + " is " + quoted(values.get(key)) + ", expected " + String.join(" or ", allowed));
        }
    }

    private static void number(Map<String, String> values, String key, double lo, boolean loIncluded, double hi,
            boolean hiIncluded, List<String> problems) {
        final String s = values.get(key).trim();
        final double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            problems.add(key + " " + quoted(s) + " is not a number");
            return;
        }
        final boolean inside = (loIncluded ? d >= lo : d > lo) && (hiIncluded ? d <= hi : d < hi);
        if (!inside) {
            problems.add(key + " " + s + " is outside " + (loIncluded ? "[" : "(") + Range.number(lo) + ", "
                    + Range.number(hi) + (hiIncluded ? "]" : ")"));
        }
    }

    /** CCSDS epochs: {@code YYYY-MM-DDThh:mm:ss[.d]} or {@code YYYY-DDDThh:mm:ss[.d]}, UTC, in the supported range. */
    private static void epoch(String s, List<String> problems) {
        LocalDate day = null;
        Matcher m = CALENDAR_EPOCH.matcher(s);
        try {
            if (m.matches()) {
                day = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)));
            } else if ((m = ORDINAL_EPOCH.matcher(s)).matches()) {
                day = LocalDate.ofYearDay(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
        } catch (DateTimeException e) {
            day = null;
        }
        if (day == null) {
            problems.add("EPOCH " + quoted(s) + " is not a CCSDS date such as 2026-12-01T00:00:00.000");
            return;
        }
        final LocalDateTime t = day.atStartOfDay();
        if (!Scenario.supports(t.toInstant(ZoneOffset.UTC))) {
            problems.add("EPOCH " + s + " is outside the supported range " + Scenario.SUPPORTED_RANGE);
        }
    }

    private static String quoted(String s) {
        return "'" + YamlGuard.shown(s) + "'";
    }

    private static String oneLine(String s) {
        return s == null ? "" : YamlGuard.shown(s.replaceAll("\\s+", " ").trim());
    }
}
