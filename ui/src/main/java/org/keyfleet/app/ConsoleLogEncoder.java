package org.keyfleet.app;

import java.nio.charset.Charset;

import org.springframework.boot.logging.logback.StructuredLogEncoder;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * The console encoder of logback-spring.xml: Boot's pattern, or Boot's structured JSON (ECS, Logstash, GELF) when
 * {@code structuredFormat} is set ({@code logging.structured.format.console}; {@code serve --log-format json}).
 * Logback has no conditionals without Janino, hence this switch.
 */
public final class ConsoleLogEncoder extends EncoderBase<ILoggingEvent> {

    private String pattern;
    private Charset charset;
    private String structuredFormat;
    private Encoder<ILoggingEvent> delegate;

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public void setCharset(Charset charset) {
        this.charset = charset;
    }

    public void setStructuredFormat(String structuredFormat) {
        this.structuredFormat = structuredFormat;
    }

    /** Whether lines are structured (JSON). */
    public boolean structured() {
        return structuredFormat != null && !structuredFormat.isBlank();
    }

    @Override
    public void start() {
        if (structured()) {
            StructuredLogEncoder json = new StructuredLogEncoder();
            json.setContext(getContext());
            json.setFormat(structuredFormat.trim());
            if (charset != null) {
                json.setCharset(charset);
            }
            delegate = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(getContext());
            text.setPattern(pattern);
            if (charset != null) {
                text.setCharset(charset);
            }
            delegate = text;
        }
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
