package org.keyfleet.terminal;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every error of the KMEs as the spec's Error JSON: {@link EtsiException}s with their status; Spring MVC's own
 * (unknown path 404, wrong method 405, ...) with theirs; anything unexpected as 503 (the spec's "error on the server
 * side"), logged with its stack trace, which never holds key bits.
 */
@RestControllerAdvice
class EtsiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(EtsiErrors.class);

    @ExceptionHandler(EtsiException.class)
    ResponseEntity<EtsiJson.Error> etsi(EtsiException e) {
        return body(HttpStatusCode.valueOf(e.status()), new EtsiJson.Error(e.getMessage(), e.details()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<EtsiJson.Error> other(Exception e) {
        if (e instanceof ErrorResponse spring) {
            String detail = spring.getBody().getDetail();
            return body(spring.getStatusCode(), new EtsiJson.Error(detail == null ? e.getMessage() : detail, List.of()));
        }
        LOG.error("KME request failed", e);
        return body(HttpStatusCode.valueOf(503), new EtsiJson.Error("key data access error: "
                + e.getClass().getSimpleName(), List.of()));
    }

    private static ResponseEntity<EtsiJson.Error> body(HttpStatusCode status, EtsiJson.Error error) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(error);
    }
}
