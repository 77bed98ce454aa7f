package dev.feedbackloop.support.security;

import java.util.Set;

/** A configured key: its name (for logs), its scopes and the SHA-256 of its secret. */
public record ApiKey(String name, Set<Scope> scopes, String secretSha256) {

    public boolean allows(Scope scope) {
        return scopes.contains(Scope.ADMIN) || scopes.contains(scope);
    }
}
