package dev.feedbackloop.support.security;

import java.util.Locale;

/** What a key may do. {@code admin} may do everything. */
public enum Scope {
    FEEDBACK_WRITE("feedback:write"),
    ANALYTICS_READ("analytics:read"),
    TRIGGERS_MANAGE("triggers:manage"),
    ADMIN("admin");

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Scope fromWireName(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (Scope scope : values()) {
            if (scope.wireName.equals(v)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + value + "' (known: feedback:write, analytics:read, triggers:manage, admin)");
    }
}
