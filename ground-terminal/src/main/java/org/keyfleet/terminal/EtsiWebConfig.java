package org.keyfleet.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Globals;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC for the KMEs: JSON out through Jackson, request bodies read as bytes (at most {@link #MAX_BODY_BYTES})
 * and parsed by the controller.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebMvc
class EtsiWebConfig implements WebMvcConfigurer {

    /**
     * Largest request body: the biggest legitimate one, a dec_keys list at the policy's ceiling of 10 000 key IDs,
     * is about 600 KB.
     */
    static final int MAX_BODY_BYTES = 1 << 20;

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new QueryCheck());
    }

    @Override
    public void configureMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.add(new BoundedBytes());
        converters.add(new MappingJackson2HttpMessageConverter());
    }

    /**
     * Refuses a request whose query string Tomcat could not decode ({@code %ZZ}, too many parameters): Tomcat drops
     * such parameters silently, so {@code ?number=%ZZ} would otherwise mean "the default number of keys".
     */
    private static final class QueryCheck implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            request.getParameterNames(); // parses the query string once, as the handler would
            if (request.getAttribute(Globals.PARAMETER_PARSE_FAILED_ATTR) != null) {
                Object reason = request.getAttribute(Globals.PARAMETER_PARSE_FAILED_REASON_ATTR);
                throw EtsiException.badRequest("query parameters could not be decoded"
                        + (reason == null ? "" : " (" + reason.toString().toLowerCase(Locale.ROOT).replace('_', ' ') + ")"),
                        null);
            }
            return true;
        }
    }

    /** Reads a body into memory only up to the limit, so a client cannot make the KME hold an arbitrary amount. */
    private static final class BoundedBytes extends ByteArrayHttpMessageConverter {

        @Override
        public byte[] readInternal(Class<? extends byte[]> type, HttpInputMessage message) throws IOException {
            long declared = message.getHeaders().getContentLength();
            if (declared > MAX_BODY_BYTES) {
                throw tooLarge(declared + " bytes");
            }
            try (InputStream in = message.getBody()) {
                byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
                if (body.length > MAX_BODY_BYTES) {
                    throw tooLarge("more than " + MAX_BODY_BYTES + " bytes");
                }
                return body;
            }
        }

        private static EtsiException tooLarge(String size) {
            return new EtsiException(413, "request body too large: " + size + ", at most " + MAX_BODY_BYTES
                    + " bytes are accepted", List.of());
        }
    }
}
