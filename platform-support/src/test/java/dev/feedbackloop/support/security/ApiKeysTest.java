package dev.feedbackloop.support.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {

    @Test
    void keysAreParsedWithTheirScopesAndKeptOnlyAsHashes() {
        var keys = ApiKeys.parse("ingest=feedback:write=agent-secret-0123456789; ml=analytics:read,triggers:manage=ml-secret-0123456789");
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).secretSha256()).isEqualTo(ApiKeys.sha256("agent-secret-0123456789")).doesNotContain("agent");
        ApiKeys registry = new ApiKeys(keys);
        assertThat(registry.find("ml-secret-0123456789")).get()
                .satisfies(k -> {
                    assertThat(k.allows(Scope.ANALYTICS_READ)).isTrue();
                    assertThat(k.allows(Scope.TRIGGERS_MANAGE)).isTrue();
                    assertThat(k.allows(Scope.FEEDBACK_WRITE)).isFalse();
                });
        assertThat(registry.find("wrong")).isEmpty();
    }

    @Test
    void aSecretMayBeGivenAsItsHash() {
        String hash = ApiKeys.sha256("pre-hashed-secret-123");
        ApiKeys registry = new ApiKeys(ApiKeys.parse("ops=admin=sha256:" + hash));
        assertThat(registry.find("pre-hashed-secret-123")).get().satisfies(k -> assertThat(k.allows(Scope.FEEDBACK_WRITE)).isTrue());
    }

    @Test
    void malformedEntriesStopTheStartUpNamingTheEntryButNotTheSecret() {
        assertThatThrownBy(() -> ApiKeys.parse("broken"))
                .hasMessageContaining("entry 1").hasMessageContaining("name=scope");
        assertThatThrownBy(() -> ApiKeys.parse("a=feedback:write=0123456789abcdef;b=fly=0123456789abcdef"))
                .hasMessageContaining("entry 2").hasMessageContaining("unknown scope 'fly'");
        assertThatThrownBy(() -> ApiKeys.parse("a=admin=short"))
                .hasMessageContaining("at least 16").hasMessageNotContaining("short'");
        assertThatThrownBy(() -> ApiKeys.parse("a=admin=sha256:xyz")).hasMessageContaining("64 hex");
    }

    @Test
    void twoKeysWithOneSecretAreRefused() {
        assertThatThrownBy(() -> new ApiKeys(ApiKeys.parse("a=admin=same-secret-0123456789;b=admin=same-secret-0123456789")))
                .hasMessageContaining("share one secret");
    }
}
