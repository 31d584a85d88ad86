package org.keyfleet.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds emulated key material in published bytes: raw, or inside any hex or base64 (standard or URL-safe) token at
 * any alignment. Remembers every 8-byte window of the material, so any 8 consecutive key bytes are caught.
 */
final class KeyMaterialScanner {

    private static final int WINDOW = 8;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9+/_=-]{12,}");

    private final Set<Long> windows = new HashSet<>();

    void add(byte[] material) {
        for (int i = 0; i + WINDOW <= material.length; i++) {
            windows.add(ByteBuffer.wrap(material, i, WINDOW).getLong());
        }
    }

    int windows() {
        return windows.size();
    }

    /** Descriptions of where key material was found; empty when none. */
    List<String> findIn(byte[] published) {
        List<String> found = new ArrayList<>();
        if (contains(published)) {
            found.add("raw key bytes");
        }
        Matcher m = TOKEN.matcher(new String(published, StandardCharsets.UTF_8));
        while (m.find()) {
            String token = m.group();
            for (String part : token.split("-")) {
                if (part.length() >= 16 && part.length() % 2 == 0 && part.matches("[0-9a-fA-F]+")
                        && contains(HexFormat.of().parseHex(part))) {
                    found.add("hex token " + token);
                }
            }
            for (int shift = 0; shift < 4; shift++) {
                String s = token.substring(Math.min(shift, token.length())).replace("=", "");
                s = s.substring(0, s.length() - s.length() % 4);
                if (s.length() < 12) {
                    continue;
                }
                if ((s.matches("[A-Za-z0-9+/]+") && contains(Base64.getDecoder().decode(s)))
                        || (s.matches("[A-Za-z0-9_-]+") && contains(Base64.getUrlDecoder().decode(s)))) {
                    found.add("base64 token " + token);
                }
            }
        }
        return found;
    }

    private boolean contains(byte[] bytes) {
        for (int i = 0; i + WINDOW <= bytes.length; i++) {
            if (windows.contains(ByteBuffer.wrap(bytes, i, WINDOW).getLong())) {
                return true;
            }
        }
        return false;
    }
}
