package dev.feedbackloop.support.privacy;

import dev.feedbackloop.support.secrets.SecretBox;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class DataSubjectsTest {

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    @Test
    void aUserAlwaysHasTheSameSubjectUnderOneKeyAndAnotherUnderAnother() {
        DataSubjects one = new DataSubjects(new SecretBox(key(1)).derive("data-subject"));
        DataSubjects other = new DataSubjects(new SecretBox(key(2)).derive("data-subject"));
        assertThat(one.of("u-42")).isEqualTo(one.of("u-42")).hasSize(24).doesNotContain("42");
        assertThat(one.of("u-42")).isNotEqualTo(one.of("u-43")).isNotEqualTo(other.of("u-42"));
        assertThat(one.of(null)).isNull();
    }
}
