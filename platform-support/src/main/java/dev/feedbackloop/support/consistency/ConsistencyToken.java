package dev.feedbackloop.support.consistency;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A position in the event store (Axon's global index) at or after the events a write appended. On the wire it is an
 * opaque string ({@code g<position>}): clients copy it from a write's {@value #HEADER} header to a read.
 */
public record ConsistencyToken(long position) {

    public static final String HEADER = "X-Consistency-Token";
    public static final String PARAMETER = "consistent_with";

    private static final Pattern WIRE = Pattern.compile("g(0|[1-9][0-9]{0,17})");

    public ConsistencyToken {
        if (position < 0) {
            throw new IllegalArgumentException("a consistency token's position is not negative, was " + position);
        }
    }

    /** The token a client sent, or empty when it is not one this platform issued. */
    public static Optional<ConsistencyToken> parse(String wire) {
        if (wire == null || !WIRE.matcher(wire.trim()).matches()) {
            return Optional.empty();
        }
        return Optional.of(new ConsistencyToken(Long.parseLong(wire.trim().substring(1))));
    }

    public String wire() {
        return "g" + position;
    }
}
