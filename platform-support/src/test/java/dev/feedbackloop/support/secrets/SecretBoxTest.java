package dev.feedbackloop.support.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    static final byte[] KEY = new byte[32];
    final SecretBox box = new SecretBox(KEY);

    @Test
    void aSealedSecretOpensInItsContextAndHoldsNoPlaintext() {
        String sealed = box.seal("whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0", "webhook/wh-1");
        assertThat(sealed).startsWith("v1:" + box.keyId() + ":").doesNotContain("c2VjcmV0");
        assertThat(box.open(sealed, "webhook/wh-1")).isEqualTo("whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0");
        assertThat(box.seal("same", "c")).isNotEqualTo(box.seal("same", "c"));
    }

    @Test
    void aSealedSecretDoesNotOpenInAnotherContextNorUnderAnotherKeyNorWhenAltered() {
        String sealed = box.seal("plain", "webhook/wh-1");
        assertThatThrownBy(() -> box.open(sealed, "webhook/wh-2")).hasMessageContaining("does not authenticate");
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new SecretBox(other).open(sealed, "webhook/wh-1")).hasMessageContaining("another key");
        String altered = sealed.substring(0, sealed.length() - 3) + (sealed.endsWith("A==") ? "B==" : "A==");
        assertThatThrownBy(() -> box.open(altered, "webhook/wh-1")).isInstanceOf(SecretBox.UnreadableSecretException.class);
        assertThatThrownBy(() -> box.open("plain", "webhook/wh-1")).hasMessageContaining("not a sealed secret");
    }

    @Test
    void aConfiguredKeyMustBeBase64Of32BytesAndIsNeverEchoed() {
        String tooShort = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SecretBox.fromBase64(tooShort, "platform.secrets.key"))
                .hasMessageContaining("platform.secrets.key decodes to 16 bytes").hasMessageNotContaining(tooShort);
        assertThatThrownBy(() -> SecretBox.fromBase64("not base64 at all!", "platform.secrets.key"))
                .hasMessageContaining("not valid base64").hasMessageNotContaining("at all");
        assertThat(SecretBox.fromBase64(Base64.getEncoder().encodeToString(KEY), "k").keyId()).isEqualTo(box.keyId());
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedOnceReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        SecretBox first = SecretsConfiguration.developmentKey(dir);
        Path file = dir.resolve(SecretsConfiguration.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        SecretBox again = SecretsConfiguration.developmentKey(dir);
        assertThat(again.keyId()).isEqualTo(first.keyId());
        assertThat(again.open(first.seal("s", "c"), "c")).isEqualTo("s");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
