package org.keyfleet.terminal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a KME server process serves.
 *
 * @param bindAddress  address the HTTPS ports listen on, e.g. {@code 127.0.0.1} (loopback only) or {@code 0.0.0.0}
 * @param host         host name put into base URLs, e.g. {@code localhost} (the development server certificates
 *                     name {@code localhost}, {@code 127.0.0.1} and {@code ::1})
 * @param sites        one KME per ground terminal: its TLS identity and HTTPS port (0: any free port)
 * @param saeTerminals every SAE of the network (also those of KMEs in other processes) → its terminal id
 * @param kmeIds       terminal id → KME id, for every terminal an SAE is attached to
 * @param policy       limits of the ETSI API
 * @param maxThreads   request threads shared by all KMEs of the process
 */
public record KmeServerConfig(String bindAddress, String host, List<KmeSite> sites, Map<String, String> saeTerminals,
                              Map<String, String> kmeIds, KmePolicy policy, int maxThreads) {

    public KmeServerConfig {
        if (bindAddress == null || bindAddress.isBlank() || host == null || host.isBlank()) {
            throw new IllegalArgumentException("KME server: bindAddress and host must be non-blank but were '"
                    + bindAddress + "' and '" + host + "'");
        }
        sites = List.copyOf(sites);
        saeTerminals = Map.copyOf(saeTerminals);
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("KME server: sites must name at least one KME");
        }
        Map<String, String> ids = new HashMap<>(kmeIds);
        for (KmeSite s : sites) {
            ids.putIfAbsent(s.certificate().terminalId(), s.certificate().kmeId());
        }
        kmeIds = Map.copyOf(ids);
        for (Map.Entry<String, String> e : saeTerminals.entrySet()) {
            if (!kmeIds.containsKey(e.getValue())) {
                throw new IllegalArgumentException("KME server: SAE " + e.getKey() + " is attached to terminal "
                        + e.getValue() + " which has no KME id in kmeIds");
            }
        }
        if (policy == null) {
            throw new IllegalArgumentException("KME server: policy must not be null");
        }
        if (maxThreads < 2 || maxThreads > 1000) {
            throw new IllegalArgumentException("KME server: maxThreads must be in [2, 1000] but was " + maxThreads);
        }
    }

    /**
     * The KMEs of every terminal of a development PKI on loopback, terminal i (in id order) on port
     * {@code basePort + i}, or all on free ports when {@code basePort} is 0.
     */
    public static KmeServerConfig loopback(PkiDescription pki, int basePort, KmePolicy policy) {
        if (basePort != 0 && (basePort < 1 || basePort + pki.kmes().size() > 65536)) {
            throw new IllegalArgumentException("KME server: basePort must be 0 or leave room for " + pki.kmes().size()
                    + " ports below 65536 but was " + basePort);
        }
        List<KmeSite> sites = new ArrayList<>();
        Map<String, String> kmeIds = new HashMap<>();
        for (int i = 0; i < pki.kmes().size(); i++) {
            KmeCertificate k = pki.kmes().get(i);
            sites.add(new KmeSite(k, basePort == 0 ? 0 : basePort + i));
            kmeIds.put(k.terminalId(), k.kmeId());
        }
        return new KmeServerConfig("127.0.0.1", "localhost", sites, pki.saeTerminals(), kmeIds, policy, 64);
    }

    /**
     * The same configuration with TLS files the operator supplies instead of the development PKI's: {@code forAll} for
     * every KME, {@code perTerminal} (terminal id → files, matched ignoring case when no id matches exactly, as
     * environment variables arrive lower-cased) over it for single KMEs. Parts left out stay as they were.
     *
     * @throws IllegalArgumentException for a terminal of {@code perTerminal} that has no KME here
     */
    public KmeServerConfig withTls(KmeTls forAll, Map<String, KmeTls> perTerminal) {
        Map<String, KmeTls> byTerminal = new HashMap<>();
        for (Map.Entry<String, KmeTls> e : perTerminal.entrySet()) {
            byTerminal.put(terminalNamed(e.getKey()), e.getValue());
        }
        List<KmeSite> out = new ArrayList<>();
        for (KmeSite s : sites) {
            KmeTls own = byTerminal.getOrDefault(s.certificate().terminalId(), KmeTls.NONE);
            out.add(s.withTls(own.over(forAll == null ? KmeTls.NONE : forAll)));
        }
        return new KmeServerConfig(bindAddress, host, out, saeTerminals, kmeIds, policy, maxThreads);
    }

    private String terminalNamed(String name) {
        List<String> ids = sites.stream().map(s -> s.certificate().terminalId()).toList();
        if (ids.contains(name)) {
            return name;
        }
        List<String> like = ids.stream().filter(id -> id.equalsIgnoreCase(name)).toList();
        if (like.size() != 1) {
            throw new IllegalArgumentException("KME TLS files are configured for terminal '" + name + "', which "
                    + (like.isEmpty() ? "has no KME" : "matches several KMEs " + like) + "; the KMEs are " + ids);
        }
        return like.get(0);
    }

    /** The same configuration serving only the KME of one terminal (one terminal process). */
    public KmeServerConfig only(String terminalId) {
        List<KmeSite> one = sites.stream().filter(s -> s.certificate().terminalId().equals(terminalId)).toList();
        if (one.isEmpty()) {
            throw new IllegalArgumentException("KME server: no KME for terminal '" + terminalId + "'");
        }
        return new KmeServerConfig(bindAddress, host, one, saeTerminals, kmeIds, policy, maxThreads);
    }

    /** The same configuration without the KMEs of {@code terminalIds} (run by terminal processes instead). */
    public KmeServerConfig without(java.util.Set<String> terminalIds) {
        List<KmeSite> rest = sites.stream().filter(s -> !terminalIds.contains(s.certificate().terminalId())).toList();
        return new KmeServerConfig(bindAddress, host, rest, saeTerminals, kmeIds, policy, maxThreads);
    }
}
