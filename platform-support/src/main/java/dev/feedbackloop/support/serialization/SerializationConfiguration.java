package dev.feedbackloop.support.serialization;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedbackloop.support.privacy.DataSubjects;
import dev.feedbackloop.support.privacy.PersonalDataKeys;
import dev.feedbackloop.support.privacy.PersonalDataSerializer;
import dev.feedbackloop.support.privacy.PersonalFields;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Hands Axon the project's own serializers instead of whatever Boot or Axon would pick. Events are written through
 * {@link PersonalDataSerializer}, which seals their personal fields under the data subject's key.
 */
@Configuration(proxyBeanMethods = false)
public class SerializationConfiguration {

    @Bean
    @Primary
    public Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(StoredFormat.generalMapper()).build();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer() {
        return JacksonSerializer.builder().objectMapper(StoredFormat.eventMapper()).build();
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(ObjectProvider<DataSubjects> subjects, ObjectProvider<PersonalDataKeys> keys) {
        ObjectMapper mapper = StoredFormat.eventMapper();
        Serializer json = JacksonSerializer.builder().objectMapper(mapper).build();
        return new PersonalDataSerializer(json, mapper, PersonalFields.ALL, subjects::getObject, keys::getObject);
    }

    /** The events' JSON format without sealing personal fields: what {@link #eventSerializer} writes inside. */
    public static Serializer jsonEventSerializer() {
        return JacksonSerializer.builder().objectMapper(StoredFormat.eventMapper()).build();
    }
}
