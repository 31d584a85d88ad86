package org.keyfleet.app.runtime;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

/**
 * Looks for key bytes in text and in databases. A key is found when its whole value appears: as lower- or
 * upper-case hex, as standard or URL-safe base64 (with and without padding), or as raw bytes in a binary column.
 * Candidates are located by a fingerprint (the first 16 characters or 8 bytes of each form) so one pass over a
 * haystack checks every key at once.
 */
final class KeyBytesScan {

    /** A form a key was found in, and where. */
    record Finding(String where, String form, int keyIndex) {
    }

    private final List<byte[]> keys;
    private final Map<String, List<String[]>> textForms = new HashMap<>(); // fingerprint -> {form name, full text, index}
    private final Map<Long, List<Integer>> binaryForms = new HashMap<>();
    /** Cells scanned by {@link #scanDatabase}, so a test can tell that it looked at something. */
    long textCells;
    long binaryCells;

    KeyBytesScan(List<byte[]> keys) {
        this.keys = List.copyOf(keys);
        for (int i = 0; i < this.keys.size(); i++) {
            byte[] k = this.keys.get(i);
            if (k.length < 8) {
                throw new IllegalArgumentException("keys of fewer than 8 bytes cannot be told from chance");
            }
            String hex = HexFormat.of().formatHex(k);
            addText("hex", hex, i);
            addText("HEX", hex.toUpperCase(Locale.ROOT), i);
            String b64 = Base64.getEncoder().encodeToString(k);
            addText("base64", b64, i);
            addText("base64url", Base64.getUrlEncoder().encodeToString(k), i);
            binaryForms.computeIfAbsent(ByteBuffer.wrap(k, 0, 8).getLong(), x -> new ArrayList<>()).add(i);
        }
    }

    private void addText(String form, String text, int index) {
        String trimmed = text.replaceAll("=+$", "");
        textForms.computeIfAbsent(trimmed.substring(0, 16), x -> new ArrayList<>())
                .add(new String[] {form, trimmed, Integer.toString(index)});
    }

    int size() {
        return keys.size();
    }

    /**
     * Every key found in {@code text}; {@code where} names the haystack. Only runs of hex/base64 characters at least
     * 16 long can hold a key's text form, so the rest of the text (numbers, timestamps, words) is skipped quickly.
     */
    List<Finding> scan(String where, String text) {
        List<Finding> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!encodingChar(text.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < n && encodingChar(text.charAt(end))) {
                end++;
            }
            for (int at = i; at + 16 <= end; at++) {
                List<String[]> forms = textForms.get(text.substring(at, at + 16));
                if (forms != null) {
                    for (String[] f : forms) {
                        if (text.startsWith(f[1], at)) {
                            out.add(new Finding(where, f[0], Integer.parseInt(f[2])));
                        }
                    }
                }
            }
            i = end;
        }
        return out;
    }

    /** A character of hex, base64 or base64url text. */
    private static boolean encodingChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-'
                || c == '_';
    }

    /** Every key found as raw bytes in {@code data}. */
    List<Finding> scan(String where, byte[] data) {
        List<Finding> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(data);
        for (int i = 0; i + 8 <= data.length; i++) {
            List<Integer> idx = binaryForms.get(b.getLong(i));
            if (idx != null) {
                for (int k : idx) {
                    byte[] key = keys.get(k);
                    if (i + key.length <= data.length
                            && java.util.Arrays.equals(data, i, i + key.length, key, 0, key.length)) {
                        out.add(new Finding(where, "raw", k));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Scans every column of every row of every table of the schema (the planner's, the ledger's, the sites', Spring
     * Batch's and the application's): text columns for the text forms, binary columns for the raw bytes.
     */
    List<Finding> scanDatabase(DataSource dataSource, String schema) throws SQLException {
        List<Finding> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            if (tables.isEmpty()) {
                throw new IllegalStateException("no tables in schema " + schema);
            }
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        for (int col = 1; col <= md.getColumnCount(); col++) {
                            String where = table + "." + md.getColumnName(col);
                            int type = md.getColumnType(col);
                            if (type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY
                                    || type == Types.BLOB) {
                                byte[] bytes = rs.getBytes(col);
                                if (bytes != null) {
                                    binaryCells++;
                                    out.addAll(scan(where, bytes));
                                }
                            } else {
                                String text = rs.getString(col);
                                if (text != null) {
                                    textCells++;
                                    out.addAll(scan(where, text));
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
