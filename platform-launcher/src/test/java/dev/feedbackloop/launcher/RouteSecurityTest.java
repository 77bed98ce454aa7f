package dev.feedbackloop.launcher;

import dev.feedbackloop.support.security.ApiKeyFilter;
import dev.feedbackloop.support.security.Scope;
import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorisation of every route, generated from the router's own table so that a new endpoint cannot miss it:
 * each route is tried in every spelling that a client could use to reach it (percent-encoded letters, {@code ;}
 * parameters, doubled slashes, dot segments, a trailing slash, other case) without a key, and with a key of each
 * scope. No spelling reaches a handler without a valid key, and none that the router sends to the handler gets past
 * with a key lacking the route's scope. Requests go over keep-alive connections, as real clients send them.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys="
                + "admin=admin=route-admin-secret-000001;"
                + "writer=feedback:write=route-writer-secret-00001;"
                + "reader=analytics:read=route-reader-secret-00001;"
                + "manager=triggers:manage=route-manager-secret-0001")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteSecurityTest {

    static final Map<Scope, String> KEYS = new EnumMap<>(Map.of(
            Scope.ADMIN, "route-admin-secret-000001",
            Scope.FEEDBACK_WRITE, "route-writer-secret-00001",
            Scope.ANALYTICS_READ, "route-reader-secret-00001",
            Scope.TRIGGERS_MANAGE, "route-manager-secret-0001"));

    /** Ways to spell one path; each keeps the path a client means, whether or not the router reads it so. */
    static final Map<String, UnaryOperator<String>> SPELLINGS = spellings();

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("route-security").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping router;
    @Autowired
    ApiKeyFilter filter;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<Route> routes = new ArrayList<>();

    record Route(HttpMethod method, String path, HandlerMethod handler, Scope scope, boolean open) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeAll
    void readTheRouteTable() {
        router.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod handler) -> {
            Set<org.springframework.web.bind.annotation.RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                String path = concrete(pattern.getPatternString());
                for (var m : methods.isEmpty() ? Set.of(org.springframework.web.bind.annotation.RequestMethod.GET) : methods) {
                    HttpMethod method = m.asHttpMethod();
                    PathContainer parsed = PathContainer.parsePath(path);
                    routes.add(new Route(method, path, handler, filter.requiredScope(method, parsed),
                            filter.isPublic(method, parsed)));
                }
            }
        });
        assertThat(routes).as("routes found in the router").hasSizeGreaterThan(60);
    }

    @Test
    void onlyTheApiDescriptionAndProbesArePublic() {
        assertThat(routes.stream().filter(Route::open).map(Route::path).distinct())
                .allMatch(p -> p.startsWith("/openapi") || p.startsWith("/api-reference") || p.startsWith("/actuator/health"));
    }

    @Test
    void noSpellingOfAnyRouteIsServedWithoutAKey() throws Exception {
        List<String> served = new ArrayList<>();
        for (Route route : routes.stream().filter(r -> !r.open()).toList()) {
            for (var spelling : SPELLINGS.entrySet()) {
                String path = spelling.getValue().apply(route.path());
                int status = send(route.method(), path, null);
                int expected = spelling.getKey().contains("dot") ? 400 : 401;
                if (status != expected) {
                    served.add(route + " as " + spelling.getKey() + " (" + path + "): " + status);
                }
            }
        }
        assertThat(served).as("requests without a key that were not refused (400 for dot segments, else 401)").isEmpty();
    }

    @Test
    void noSpellingThatReachesAHandlerLetsAKeyWithoutTheRoutesScopeThrough() throws Exception {
        List<String> passed = new ArrayList<>();
        int checked = 0;
        for (Route route : routes.stream().filter(r -> !r.open()).toList()) {
            for (var spelling : SPELLINGS.entrySet()) {
                String path = spelling.getValue().apply(route.path());
                if (spelling.getKey().contains("dot") || !reaches(route, path)) {
                    continue;
                }
                for (Scope scope : Scope.values()) {
                    if (route.scope() == null || scope == Scope.ADMIN || scope == route.scope()) {
                        continue;
                    }
                    checked++;
                    int status = send(route.method(), path, KEYS.get(scope));
                    if (status != 403) {
                        passed.add(route + " as " + spelling.getKey() + " with " + scope.wireName() + ": " + status);
                    }
                }
            }
        }
        assertThat(checked).as("spellings that reach a handler, times scopes").isGreaterThan(routes.size());
        assertThat(passed).as("requests with a key lacking the scope that were not refused with 403").isEmpty();
    }

    @Test
    void aKeyWithTheRoutesScopeIsLetThroughOnTheCanonicalPath() throws Exception {
        List<String> refused = new ArrayList<>();
        for (Route route : routes.stream().filter(r -> !r.open()).toList()) {
            for (Scope scope : route.scope() == null ? java.util.EnumSet.allOf(Scope.class)
                    : java.util.EnumSet.of(route.scope(), Scope.ADMIN)) {
                int status = send(route.method(), route.path(), KEYS.get(scope));
                if (status == 401 || status == 403) {
                    refused.add(route + " with " + scope.wireName() + ": " + status);
                }
            }
        }
        assertThat(refused).isEmpty();
    }

    @Test
    void theActuatorBeyondHealthNeedsTheAdminScope() throws Exception {
        assertThat(send(HttpMethod.GET, "/actuator/health/readiness", null)).isEqualTo(200);
        assertThat(send(HttpMethod.GET, "/actuator/health", null)).isEqualTo(200);
        assertThat(send(HttpMethod.GET, "/actuator", null)).isEqualTo(401);
        assertThat(send(HttpMethod.GET, "/actuator/info", null)).isEqualTo(401);
        assertThat(send(HttpMethod.GET, "/actuator/info", KEYS.get(Scope.ANALYTICS_READ))).isEqualTo(403);
    }

    /** Whether the router sends this spelling of the path to the route's own handler. */
    boolean reaches(Route route, String path) {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.method(route.method(), URI.create(path)));
        Object handler = router.getHandler(exchange).onErrorResume(e -> reactor.core.publisher.Mono.empty()).block();
        return handler instanceof HandlerMethod h && h.getMethod().equals(route.handler().getMethod());
    }

    int send(HttpMethod method, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        boolean withBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
        request.method(method.name(), withBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (withBody) {
            request.header("Content-Type", "application/json");
        }
        // headers only: an event stream answers 200 and never ends
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                body.readAllBytes();
            }
        }
        return response.statusCode();
    }

    static String concrete(String pattern) {
        return pattern.replaceAll("\\{\\*[^}]+}", "probe").replaceAll("\\{[^}]+}", "probe").replace("/**", "/probe")
                .replace("/*", "/probe");
    }

    static Map<String, UnaryOperator<String>> spellings() {
        Map<String, UnaryOperator<String>> s = new java.util.LinkedHashMap<>();
        s.put("as written", p -> p);
        s.put("first letter percent-encoded", p -> "/" + encodeFirst(p.substring(1)));
        s.put("every segment's first letter percent-encoded", p -> eachSegment(p, RouteSecurityTest::encodeFirst));
        s.put("';' parameter on the first segment", p -> p.replaceFirst("^/([^/]+)", "/$1;x"));
        s.put("';' parameter on every segment", p -> eachSegment(p, seg -> seg + ";x=1"));
        s.put("leading double slash", p -> "/" + p);
        s.put("inner double slash", p -> p.replaceFirst("^/([^/]+)/", "/$1//"));
        s.put("trailing slash", p -> p + "/");
        s.put("upper case first segment", p -> p.replaceFirst("^/([^/]+)", "/" + firstSegment(p).toUpperCase(Locale.ROOT)));
        s.put("dot segment", p -> "/." + p);
        s.put("dot-dot segment", p -> "/probe/.." + p);
        s.put("dot-dot out of a public path", p -> "/actuator/health/../.." + p);
        s.put("encoded slash", p -> p.replaceFirst("^/([^/]+)/", "/$1%2F"));
        s.put("encoded dot-dot out of a public path", p -> "/actuator/health/%2e%2e/%2e%2e" + p);
        s.put("dot-dot with ';' out of a public path", p -> "/actuator/health/..;/..;" + p);
        return s;
    }

    static String firstSegment(String p) {
        int end = p.indexOf('/', 1);
        return end < 0 ? p.substring(1) : p.substring(1, end);
    }

    static String encodeFirst(String segment) {
        return segment.isEmpty() ? segment : String.format("%%%02X", (int) segment.charAt(0)) + segment.substring(1);
    }

    static String eachSegment(String p, UnaryOperator<String> f) {
        StringBuilder out = new StringBuilder();
        for (String seg : p.substring(1).split("/", -1)) {
            out.append('/').append(f.apply(seg));
        }
        return out.toString();
    }
}
