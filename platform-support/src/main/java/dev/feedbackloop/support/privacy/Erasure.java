package dev.feedbackloop.support.privacy;

import com.mongodb.client.model.Filters;
import dev.feedbackloop.kernel.feedback.PersonalDataErased;
import org.bson.conversions.Bson;

import java.util.Date;

/**
 * How read models find what to clear on a {@link PersonalDataErased}: each document that holds a user's personal
 * data also holds their data subject in {@value #SUBJECT_FIELD}; an erasure clears the subject's documents that
 * arrived before it (a later document is new data, under a new key).
 */
public final class Erasure {

    public static final String SUBJECT_FIELD = "data_subject";

    private Erasure() {
    }

    /** The subject's documents whose {@code timeField} (a date) is not after the erasure. */
    public static Bson before(PersonalDataErased event, String timeField) {
        return Filters.and(Filters.eq(SUBJECT_FIELD, event.subject()),
                Filters.lte(timeField, Date.from(event.erasedAt())));
    }
}
