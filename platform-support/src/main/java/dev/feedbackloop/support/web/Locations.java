package dev.feedbackloop.support.web;

import org.springframework.web.util.UriUtils;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Location headers. Ids may hold characters a URI cannot ({@code <}, {@code %}, {@code \\}): each segment is
 * percent-encoded, so a resource that was stored always gets a link, never a 500.
 */
public final class Locations {

    private Locations() {
    }

    /** {@code base} (already a valid path, such as {@code /api/v1/feedback}) followed by encoded segments. */
    public static URI of(String base, String... segments) {
        StringBuilder path = new StringBuilder(base);
        for (String segment : segments) {
            path.append('/').append(UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8));
        }
        return URI.create(path.toString());
    }
}
