package dev.feedbackloop.support.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secret files are the owner's alone: created so, narrowed if found otherwise, never silently replaced. */
class SecretFilesTest {

    @TempDir
    Path dir;

    @Test
    void theDevelopmentKeyFileIsReadableByItsOwnerOnly() throws Exception {
        ApiKey key = SecurityConfiguration.developmentKey(dir);
        Path file = dir.resolve(SecurityConfiguration.DEV_KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(ApiKeys.sha256(Files.readString(file).trim())).isEqualTo(key.secretSha256());
        assertThat(SecurityConfiguration.developmentKey(dir).secretSha256()).as("the same key after a restart")
                .isEqualTo(key.secretSha256());
    }

    @Test
    void aSecretFileOthersCouldReadIsNarrowedBeforeItIsUsed() throws Exception {
        Path file = dir.resolve("loose-key");
        Files.writeString(file, "s3cret-value\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(SecretFiles.read(file)).isEqualTo("s3cret-value");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aNewSecretFileIsOwnerOnlyFromItsFirstByteAndNeverReplacesAnother() throws Exception {
        Path file = dir.resolve("nested/secrets-key");
        SecretFiles.create(file, "first");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThatThrownBy(() -> SecretFiles.create(file, "second")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(SecretFiles.readOrCreate(file, "third")).isEqualTo("first");
    }
}
