package dev.feedbackloop.support.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import java.util.List;

/** Tells a key what it may do, so a client (the web UI) shows only what the key's scopes allow. */
@RestController
@Tag(name = "keys")
public class WhoAmIController {

    /** The key's name and scopes (wire names); {@code admin} implies every other scope. */
    public record KeyInfo(String name, List<String> scopes) {
    }

    @GetMapping("/api/v1/me")
    @Operation(summary = "The calling key's name and scopes")
    public KeyInfo me(ServerWebExchange exchange) {
        ApiKey key = exchange.getAttribute(ApiKeyFilter.API_KEY_ATTRIBUTE);
        List<String> scopes = key.scopes().contains(Scope.ADMIN)
                ? java.util.Arrays.stream(Scope.values()).map(Scope::wireName).toList()
                : key.scopes().stream().sorted().map(Scope::wireName).toList();
        return new KeyInfo(key.name(), scopes);
    }

    @Bean
    static AccessRule whoAmIAccess() {
        return AccessRule.anyKey(HttpMethod.GET, "/api/v1/me");
    }
}
