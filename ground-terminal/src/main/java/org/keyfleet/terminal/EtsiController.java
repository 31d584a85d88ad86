package org.keyfleet.terminal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ETSI GS QKD 014 V1.1.1 REST API of every KME of the process. Each KME has its own HTTPS port; the port a
 * request arrived on names the KME. The caller's SAE id is the CN of its verified TLS client certificate.
 */
@RestController
class EtsiController {

    private static final Logger LOG = LoggerFactory.getLogger(EtsiController.class);
    static final String RULES = "requested parameters do not adhere to KME rules";
    /** Longest SAE id or key_ID accepted (ETSI ids are short; this bounds what is looked up and echoed). */
    static final int MAX_ID_LENGTH = 256;
    private static final int MAX_CACHED_CERTIFICATES = 4096;
    /** Verified client certificates (Tomcat verified each during its handshake) and their subject CN. */
    private static final Map<X509Certificate, String> SAE_BY_CERTIFICATE = new ConcurrentHashMap<>();

    private final Map<Integer, Kme> kmesByPort = new ConcurrentHashMap<>();
    private final Map<String, String> saeTerminals;
    private final Map<String, String> kmeIds;
    private final KmePolicy policy;
    private final KeyPool pool;
    private final DeliveryReporter reporter;
    private final ObjectMapper json = new ObjectMapper();

    EtsiController(Map<String, String> saeTerminals, Map<String, String> kmeIds, KmePolicy policy, KeyPool pool,
                   DeliveryReporter reporter) {
        this.saeTerminals = Map.copyOf(saeTerminals);
        this.kmeIds = Map.copyOf(kmeIds);
        this.policy = policy;
        this.pool = pool;
        this.reporter = reporter;
    }

    void bind(int port, String terminalId) {
        kmesByPort.put(port, new Kme(terminalId, kmeIds.get(terminalId)));
    }

    @GetMapping(path = "/api/v1/keys/{slaveSaeId}/status", produces = "application/json")
    EtsiJson.Status status(@PathVariable String slaveSaeId, HttpServletRequest request) {
        checkLength("slave_SAE_ID", slaveSaeId);
        Kme kme = kme(request);
        String master = callerAttachedTo(kme, request);
        String slaveTerminal = peerTerminal(kme, "slave_SAE_ID", slaveSaeId);
        return new EtsiJson.Status(kme.kmeId, kmeIds.get(slaveTerminal), master, slaveSaeId,
                policy.defaultKeySizeBits(),
                Math.min(policy.maxKeyCount(), pool.storedKeyCount(kme.terminalId, slaveTerminal, policy.defaultKeySizeBits())),
                policy.maxKeyCount(), policy.maxKeysPerRequest(), policy.maxKeySizeBits(), policy.minKeySizeBits(),
                policy.maxAdditionalSlaves());
    }

    @GetMapping(path = "/api/v1/keys/{slaveSaeId}/enc_keys", produces = "application/json")
    void encKeysGet(@PathVariable String slaveSaeId,
                    @RequestParam(name = "number", required = false) String number,
                    @RequestParam(name = "size", required = false) String size,
                    HttpServletRequest request, HttpServletResponse response) throws IOException {
        checkLength("slave_SAE_ID", slaveSaeId);
        write(encKeys(slaveSaeId, integer("number", number), integer("size", size), List.of(), List.of(), request),
                response);
    }

    @PostMapping(path = "/api/v1/keys/{slaveSaeId}/enc_keys", consumes = "application/json",
            produces = "application/json")
    void encKeysPost(@PathVariable String slaveSaeId, @RequestBody(required = false) byte[] body,
                     HttpServletRequest request, HttpServletResponse response) throws IOException {
        checkLength("slave_SAE_ID", slaveSaeId);
        JsonNode root = object(body, "Key request");
        List<String> additional = new ArrayList<>();
        JsonNode extra = root.get("additional_slave_SAE_IDs");
        if (extra != null && !extra.isNull()) {
            if (!extra.isArray()) {
                throw EtsiException.badRequest("additional_slave_SAE_IDs must be an array of SAE IDs but was "
                        + extra.getNodeType(), null);
            }
            for (JsonNode e : extra) {
                if (!e.isTextual()) {
                    throw EtsiException.badRequest("additional_slave_SAE_IDs must hold SAE IDs (strings) but held " + echo(e), null);
                }
                additional.add(checkLength("additional_slave_SAE_IDs", e.asText()));
            }
        }
        List<String> mandatory = extensionNames(root.get("extension_mandatory"), "extension_mandatory");
        extensionNames(root.get("extension_optional"), "extension_optional"); // checked, then ignored as the spec allows
        write(encKeys(slaveSaeId, integer(root, "number"), integer(root, "size"), additional, mandatory, request),
                response);
    }

    @GetMapping(path = "/api/v1/keys/{masterSaeId}/dec_keys", produces = "application/json")
    void decKeysGet(@PathVariable String masterSaeId,
                    @RequestParam(name = "key_ID", required = false) String keyId,
                    HttpServletRequest request, HttpServletResponse response) throws IOException {
        checkLength("master_SAE_ID", masterSaeId);
        if (keyId == null || keyId.isBlank()) {
            throw EtsiException.badRequest("key_ID query parameter is required", null);
        }
        write(decKeys(masterSaeId, List.of(keyId), request), response);
    }

    @PostMapping(path = "/api/v1/keys/{masterSaeId}/dec_keys", consumes = "application/json",
            produces = "application/json")
    void decKeysPost(@PathVariable String masterSaeId, @RequestBody(required = false) byte[] body,
                     HttpServletRequest request, HttpServletResponse response) throws IOException {
        checkLength("master_SAE_ID", masterSaeId);
        JsonNode root = object(body, "Key IDs");
        JsonNode ids = root.get("key_IDs");
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            throw EtsiException.badRequest("key_IDs must be a non-empty array of {\"key_ID\": UUID} objects", null);
        }
        List<String> keyIds = new ArrayList<>();
        for (JsonNode e : ids) {
            JsonNode id = e.get("key_ID");
            if (id == null || !id.isTextual()) {
                throw EtsiException.badRequest("each key_IDs element must be an object with a string key_ID but one was "
                        + echo(e), null);
            }
            keyIds.add(id.asText());
        }
        write(decKeys(masterSaeId, keyIds, request), response);
    }

    private KeyPool.Delivery encKeys(String slaveSaeId, Integer numberOrNull, Integer sizeOrNull,
                                          List<String> additional, List<String> mandatoryExtensions,
                                          HttpServletRequest request) {
        Kme kme = kme(request);
        String master = callerAttachedTo(kme, request);
        String slaveTerminal = peerTerminal(kme, "slave_SAE_ID", slaveSaeId);
        int number = numberOrNull == null ? 1 : numberOrNull;
        long size = sizeOrNull == null ? policy.defaultKeySizeBits() : sizeOrNull;
        if (size % 8 != 0) {
            throw EtsiException.badRequest("size shall be a multiple of 8", detail("size_unsupported",
                    "requested size of keys (" + size + ") is not a multiple of 8"));
        }
        if (number < 1 || number > policy.maxKeysPerRequest()) {
            throw EtsiException.badRequest(RULES, detail("number_unsupported", "requested number of keys (" + number
                    + ") is outside [1, " + policy.maxKeysPerRequest() + "], the number of keys per request allowed by KME"));
        }
        if (size < policy.minKeySizeBits() || size > policy.maxKeySizeBits()) {
            throw EtsiException.badRequest(RULES, detail("size_unsupported", "requested size of keys (" + size
                    + ") is outside [" + policy.minKeySizeBits() + ", " + policy.maxKeySizeBits()
                    + "], the key sizes allowed by KME"));
        }
        if (additional.size() > policy.maxAdditionalSlaves()) {
            throw EtsiException.badRequest(RULES, detail("additional_slave_SAE_IDs_unsupported", "requested "
                    + additional.size() + " additional slave SAEs but KME allows at most " + policy.maxAdditionalSlaves()));
        }
        List<String> slaves = new ArrayList<>();
        slaves.add(slaveSaeId);
        for (String extra : additional) {
            String t = saeTerminals.get(extra);
            if (t == null || !t.equals(slaveTerminal) || slaves.contains(extra)) {
                throw EtsiException.badRequest("additional_slave_SAE_IDs must be distinct SAEs of the slave's KME "
                        + kmeIds.get(slaveTerminal) + " but held " + extra, null);
            }
            slaves.add(extra);
        }
        if (!mandatoryExtensions.isEmpty()) {
            throw new EtsiException(400, "not all extension_mandatory parameters are supported",
                    mandatoryExtensions.stream()
                            .map(name -> detail("extension_mandatory_unsupported", name + " is not supported"))
                            .toList());
        }
        KeyPool.Delivery delivery = pool.allocate(kme.terminalId, slaveTerminal, master, slaves, number, size);
        LOG.debug("{}: enc_keys {} x {} bits for {} -> {}", kme.kmeId, number, size, master, slaves);
        reporter.report(delivery.reports());
        return delivery;
    }

    private KeyPool.Delivery decKeys(String masterSaeId, List<String> keyIds, HttpServletRequest request) {
        Kme kme = kme(request);
        String caller = callerAttachedTo(kme, request);
        String masterTerminal = peerTerminal(kme, "master_SAE_ID", masterSaeId);
        if (keyIds.size() > policy.maxKeysPerRequest()) {
            throw EtsiException.badRequest(RULES, detail("number_unsupported", "requested number of keys ("
                    + keyIds.size() + ") is above " + policy.maxKeysPerRequest() + ", the number of keys per request "
                    + "allowed by KME"));
        }
        List<UUID> ids = new ArrayList<>();
        for (String id : keyIds) {
            checkLength("key_ID", id);
            try {
                ids.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                throw EtsiException.badRequest("key_ID must be a UUID but was '" + id + "'", detail("key_ID", id));
            }
        }
        KeyPool.Delivery delivery = pool.deliverToSlave(kme.terminalId, caller, masterTerminal, masterSaeId, ids);
        LOG.debug("{}: dec_keys {} keys of {} for {}", kme.kmeId, ids.size(), masterSaeId, caller);
        reporter.report(delivery.reports());
        return delivery;
    }

    /**
     * Writes the key container with its length (so Tomcat sends it in one piece rather than flushing chunks), then
     * wipes the keys and the body.
     */
    private static void write(KeyPool.Delivery delivery, HttpServletResponse response) throws IOException {
        byte[] body = EtsiJson.keyContainer(delivery.keys());
        try {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } finally {
            delivery.keys().forEach(KeyPool.DeliveredKey::wipe);
            Arrays.fill(body, (byte) 0);
        }
    }

    private Kme kme(HttpServletRequest request) {
        Kme kme = kmesByPort.get(request.getLocalPort());
        if (kme == null) {
            throw EtsiException.unavailable("no KME serves port " + request.getLocalPort() + " (starting up)");
        }
        return kme;
    }

    /** The caller's SAE id (CN of its client certificate), which must be attached to this KME. */
    private String callerAttachedTo(Kme kme, HttpServletRequest request) {
        String sae = callerSae(request);
        String terminal = saeTerminals.get(sae);
        if (terminal == null || !terminal.equals(kme.terminalId)) {
            throw EtsiException.unauthorized("the client certificate (CN=" + sae + ") is not that of an SAE attached to "
                    + kme.kmeId);
        }
        return sae;
    }

    static String callerSae(HttpServletRequest request) {
        Object attribute = request.getAttribute("jakarta.servlet.request.X509Certificate");
        if (!(attribute instanceof X509Certificate[] chain) || chain.length == 0) {
            throw EtsiException.unauthorized("a TLS client certificate is required");
        }
        // an SAE keeps its connection and certificate: parse its subject once (the LDAP name parser was 2% of the
        // KMEs' CPU); bounded, as certificates are renewed
        String cached = SAE_BY_CERTIFICATE.get(chain[0]);
        if (cached != null) {
            return cached;
        }
        String sae = commonName(chain[0]);
        if (SAE_BY_CERTIFICATE.size() >= MAX_CACHED_CERTIFICATES) {
            SAE_BY_CERTIFICATE.clear();
        }
        SAE_BY_CERTIFICATE.put(chain[0], sae);
        return sae;
    }

    private static String commonName(X509Certificate certificate) {
        try {
            LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
            for (Rdn rdn : name.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // fall through: no usable CN
        }
        throw EtsiException.unauthorized("the client certificate has no subject CN naming an SAE");
    }

    /** The terminal of the peer SAE named in the path, which must be attached to another KME. */
    private String peerTerminal(Kme kme, String field, String saeId) {
        String terminal = saeTerminals.get(saeId);
        if (terminal == null) {
            throw EtsiException.badRequest(field + " " + saeId + " is not a known SAE", detail(field, saeId));
        }
        if (terminal.equals(kme.terminalId)) {
            throw EtsiException.badRequest(field + " " + saeId + " is attached to this KME " + kme.kmeId
                    + "; keys are shared between SAEs of different ground terminals", detail(field, saeId));
        }
        return terminal;
    }

    private JsonNode object(byte[] body, String what) {
        if (body == null || body.length == 0) {
            return json.createObjectNode();
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (java.io.IOException e) {
            String why = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw EtsiException.badRequest("request body is not valid JSON: " + echo(why), null);
        }
        if (root == null || root.isMissingNode()) {
            return json.createObjectNode();
        }
        if (!root.isObject()) {
            throw EtsiException.badRequest("request body must be a JSON object (" + what + ") but was "
                    + root.getNodeType(), null);
        }
        return root;
    }

    private static Integer integer(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw EtsiException.badRequest(field + " must be an integer but was '" + echo(value) + "'",
                    detail(field, echo(value)));
        }
    }

    private static Integer integer(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw EtsiException.badRequest(field + " must be an integer but was " + echo(node),
                    detail(field, echo(node)));
        }
        return node.intValue();
    }

    private static List<String> extensionNames(JsonNode node, String field) {
        List<String> names = new ArrayList<>();
        if (node == null || node.isNull()) {
            return names;
        }
        if (!node.isArray()) {
            throw EtsiException.badRequest(field + " must be an array of objects but was " + node.getNodeType(), null);
        }
        for (JsonNode e : node) {
            if (!e.isObject()) {
                throw EtsiException.badRequest(field + " must hold objects but held " + echo(e), null);
            }
            for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
        }
        return names;
    }

    /** Client input quoted in a message, cut short: an answer never grows with what the client sent. */
    private static String echo(Object clientInput) {
        return EtsiErrorValve.clip(String.valueOf(clientInput));
    }

    /** Refuses an id longer than {@link #MAX_ID_LENGTH} before it is looked up or echoed, naming the field. */
    private static String checkLength(String field, String value) {
        if (value.length() > MAX_ID_LENGTH) {
            throw EtsiException.badRequest(field + " is longer than " + MAX_ID_LENGTH + " characters ("
                    + value.length() + ")", detail(field, "longer than " + MAX_ID_LENGTH + " characters"));
        }
        return value;
    }

    private static Map<String, Object> detail(String name, Object value) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(name, value);
        return d;
    }

    private record Kme(String terminalId, String kmeId) {
    }
}
