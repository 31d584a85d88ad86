package org.keyfleet.terminal;

import java.util.List;
import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every error of the KMEs as the spec's Error JSON: {@link EtsiException}s with their status; Spring MVC's own
 * (unknown path 404, wrong method 405 with Allow, wrong content type 415, ...) with theirs; anything unexpected as 503
 * (the spec's "error on the server side"), logged with its stack trace, which never holds key bits. Client errors are
 * logged as one DEBUG line: they say nothing about the KME's health. Errors Tomcat raises before Spring MVC sees the
 * request are {@link EtsiErrorValve}'s.
 */
@RestControllerAdvice
class EtsiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(EtsiErrors.class);

    @ExceptionHandler(EtsiException.class)
    ResponseEntity<EtsiJson.Error> etsi(EtsiException e) {
        if (e.status() < 500) {
            LOG.debug("KME request refused with {}: {}", e.status(), e.getMessage());
        }
        return body(HttpStatusCode.valueOf(e.status()), HttpHeaders.EMPTY, new EtsiJson.Error(e.getMessage(), e.details()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<EtsiJson.Error> other(Exception e) {
        if (e instanceof ErrorResponse spring) {
            String message = e instanceof HttpMediaTypeNotSupportedException media
                    ? "Content-Type must be application/json but was "
                    + (media.getContentType() == null ? "none" : "'" + EtsiErrorValve.clip(media.getContentType().toString()) + "'")
                    : EtsiErrorValve.clip(spring.getBody().getDetail() == null ? e.getMessage() : spring.getBody().getDetail());
            LOG.debug("KME request refused with {}: {}", spring.getStatusCode().value(), message);
            return body(spring.getStatusCode(), spring.getHeaders(), new EtsiJson.Error(message, List.of()));
        }
        if (e instanceof HttpMessageNotReadableException) {
            // the body could not be read (the client stopped sending, ...): its problem, not the KME's
            LOG.debug("KME request refused with 400: body not readable: {}", e.getMessage());
            return body(HttpStatusCode.valueOf(400), HttpHeaders.EMPTY,
                    new EtsiJson.Error("request body could not be read", List.of()));
        }
        if (e instanceof ClientAbortException) {
            LOG.debug("SAE closed its connection before the answer was written: {}", e.getMessage());
            return null;
        }
        if (e instanceof org.springframework.dao.DataAccessException data) {
            // the key store's database failed (e.g. a full disk): one line per request, not a stack trace each
            LOG.error("KME request failed: the key store's database: {}", data.getMostSpecificCause().getMessage());
        } else {
            LOG.error("KME request failed", e);
        }
        // fail closed, and tell the SAE nothing of the server's insides
        return body(HttpStatusCode.valueOf(503), HttpHeaders.EMPTY,
                new EtsiJson.Error("the KME's key store is unavailable; try again later", List.of()));
    }

    private static ResponseEntity<EtsiJson.Error> body(HttpStatusCode status, HttpHeaders headers, EtsiJson.Error error) {
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_JSON).body(error);
    }
}
