package dev.feedbackloop.feedback.web;

import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.web.BodyLimit;
import dev.feedbackloop.support.web.RequestReader;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The ingestion edge's body limits (platform.ingest.*) and the reader of feedback batches. */
@Configuration(proxyBeanMethods = false)
public class FeedbackWebConfiguration {

    @Bean
    BodyLimit feedbackBodyLimit(PlatformProperties properties) {
        return new BodyLimit(FeedbackRequest.class, properties.ingest().maxFeedbackBytes());
    }

    @Bean
    BodyLimit assessmentBodyLimit() {
        return new BodyLimit(AssessmentRequest.class, AssessmentController.MAX_BODY_BYTES);
    }

    @Bean
    CodecCustomizer feedbackBatchCodec(RequestReader reader, Clock clock, PlatformProperties properties) {
        FeedbackBatchReader batches = new FeedbackBatchReader(reader, clock, properties.ingest().maxBatchBytes(),
                properties.ingest().maxBatchItems());
        return configurer -> configurer.customCodecs().register(batches);
    }
}
