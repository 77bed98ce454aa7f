package dev.feedbackloop.support.consistency;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The routes of one service that take part in read your writes: writes whose successful answers carry a consistency
 * token, and reads that wait, when given one, for the processing groups that build their read model. Each service
 * declares one as a bean; a route named nowhere ignores tokens.
 */
public record ConsistentRoutes(List<Write> writes, List<Read> reads) {

    public ConsistentRoutes {
        writes = List.copyOf(writes);
        reads = List.copyOf(reads);
    }

    public record Write(HttpMethod method, PathPattern pattern) {
        boolean matches(HttpMethod requestMethod, PathContainer path) {
            return method.equals(requestMethod) && pattern.matches(path);
        }
    }

    public record Read(HttpMethod method, PathPattern pattern, Set<String> processingGroups) {
        public Read {
            if (processingGroups.isEmpty()) {
                throw new IllegalArgumentException("a consistent read of " + pattern + " names its processing groups");
            }
            processingGroups = Set.copyOf(processingGroups);
        }

        boolean matches(HttpMethod requestMethod, PathContainer path) {
            HttpMethod asRouted = HttpMethod.HEAD.equals(requestMethod) ? HttpMethod.GET : requestMethod;
            return method.equals(asRouted) && pattern.matches(path);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    static Optional<Read> readOf(List<ConsistentRoutes> all, HttpMethod method, PathContainer path) {
        return all.stream().flatMap(routes -> routes.reads().stream()).filter(read -> read.matches(method, path))
                .findFirst();
    }

    static boolean isWrite(List<ConsistentRoutes> all, HttpMethod method, PathContainer path) {
        return all.stream().flatMap(routes -> routes.writes().stream()).anyMatch(write -> write.matches(method, path));
    }

    public static final class Builder {
        private final List<Write> writes = new ArrayList<>();
        private final List<Read> reads = new ArrayList<>();

        private Builder() {
        }

        public Builder write(HttpMethod method, String pattern) {
            writes.add(new Write(method, PathPatternParser.defaultInstance.parse(pattern)));
            return this;
        }

        public Builder read(HttpMethod method, String pattern, String... processingGroups) {
            reads.add(new Read(method, PathPatternParser.defaultInstance.parse(pattern), Set.of(processingGroups)));
            return this;
        }

        public ConsistentRoutes build() {
            return new ConsistentRoutes(writes, reads);
        }
    }
}
