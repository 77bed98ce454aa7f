package dev.feedbackloop.support.aggregate;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachedCommandTargetResolverTest {

    record OnComponent(@TargetAggregateIdentifier String id, String other) {
    }

    record OnMethod(String trace) {
        @TargetAggregateIdentifier
        public String stream() {
            return "interaction-" + trace;
        }
    }

    record Versioned(@TargetAggregateIdentifier String id, @TargetAggregateVersion Long expected) {
    }

    record TextVersion(@TargetAggregateIdentifier String id, @TargetAggregateVersion String expected) {
    }

    static class PrivateField {
        @TargetAggregateIdentifier
        private final String id;

        PrivateField(String id) {
            this.id = id;
        }
    }

    static class Inherited extends PrivateField {
        Inherited(String id) {
            super(id);
        }
    }

    record Untargeted(String id) {
    }

    private final CachedCommandTargetResolver cached = new CachedCommandTargetResolver();
    private final AnnotationCommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    @Test
    void resolvesEveryCommandShapeAsAxonsOwnResolverDoes() {
        List<Object> commands = List.of(new OnComponent("a-1", "x"), new OnMethod("t-9"), new Versioned("v-1", 7L),
                new Versioned("v-2", null), new TextVersion("v-3", "12"), new PrivateField("p-1"), new Inherited("i-1"));
        for (int round = 0; round < 2; round++) {
            for (Object command : commands) {
                VersionedAggregateIdentifier expected = axon.resolveTarget(GenericCommandMessage.asCommandMessage(command));
                VersionedAggregateIdentifier actual = cached.resolveTarget(GenericCommandMessage.asCommandMessage(command));
                assertThat(actual).as(command.toString()).isEqualTo(expected);
                assertThat(actual.getIdentifierValue()).isNotNull();
            }
        }
        assertThat(cached.resolveTarget(GenericCommandMessage.asCommandMessage(new OnMethod("t-9"))).getIdentifier())
                .isEqualTo("interaction-t-9");
        assertThat(cached.resolveTarget(GenericCommandMessage.asCommandMessage(new Versioned("v-1", 7L))).getVersion())
                .isEqualTo(7L);
    }

    @Test
    void aCommandWithoutTargetOrWithANullOneIsRefusedAsAxonRefusesIt() {
        assertThatThrownBy(() -> cached.resolveTarget(GenericCommandMessage.asCommandMessage(new Untargeted("u"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Untargeted")
                .hasMessageContaining("@TargetAggregateIdentifier");
        assertThatThrownBy(() -> cached.resolveTarget(GenericCommandMessage.asCommandMessage(new OnComponent(null, "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OnComponent");
        assertThatThrownBy(() -> cached.resolveTarget(GenericCommandMessage.asCommandMessage(new TextVersion("v", "seven"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a number");
    }
}
