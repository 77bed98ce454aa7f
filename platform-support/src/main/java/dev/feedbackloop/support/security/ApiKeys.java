package dev.feedbackloop.support.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The set of valid keys, looked up by the hash of the presented secret. */
public final class ApiKeys {

    private final Map<String, ApiKey> byHash;

    public ApiKeys(List<ApiKey> keys) {
        this.byHash = keys.stream().collect(Collectors.toUnmodifiableMap(ApiKey::secretSha256, Function.identity(),
                (a, b) -> {
                    throw new IllegalArgumentException("platform.security.api-keys: keys '" + a.name() + "' and '"
                            + b.name() + "' share one secret");
                }));
    }

    public Optional<ApiKey> find(String presentedSecret) {
        return Optional.ofNullable(byHash.get(sha256(presentedSecret)));
    }

    public boolean isEmpty() {
        return byHash.isEmpty();
    }

    public int size() {
        return byHash.size();
    }

    /**
     * Parses {@code name=scope[,scope]=secret;...}. A secret written {@code sha256:<64 hex>} is taken as a hash.
     * Any malformed entry stops the start-up with a message naming it (never the secret).
     */
    public static List<ApiKey> parse(String spec) {
        List<ApiKey> keys = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return keys;
        }
        String[] entries = spec.split(";");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split("=", 3);
            String where = "platform.security.api-keys entry " + (i + 1);
            if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                throw new IllegalArgumentException(where + " must look like name=scope[,scope...]=secret");
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String scope : parts[1].split(",")) {
                try {
                    scopes.add(Scope.fromWireName(scope));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + " ('" + parts[0] + "'): " + e.getMessage());
                }
            }
            String secret = parts[2].trim();
            String hash;
            if (secret.startsWith("sha256:")) {
                hash = secret.substring("sha256:".length()).toLowerCase();
                if (!hash.matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException(where + " ('" + parts[0] + "'): sha256: must be followed by 64 hex digits");
                }
            } else {
                if (secret.length() < 16) {
                    throw new IllegalArgumentException(where + " ('" + parts[0] + "'): the secret must have at least 16 characters");
                }
                hash = sha256(secret);
            }
            keys.add(new ApiKey(parts[0].trim(), Set.copyOf(scopes), hash));
        }
        return keys;
    }

    public static String sha256(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String newSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "fl_" + HexFormat.of().formatHex(bytes);
    }
}
