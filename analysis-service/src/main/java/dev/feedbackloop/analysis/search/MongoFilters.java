package dev.feedbackloop.analysis.search;

import dev.feedbackloop.support.readmodel.StoredKeys;
import com.mongodb.client.model.Filters;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Translates a filter into MongoDB filters over the documents of {@code FeedbackSearchProjection}: one per feedback
 * (fields as named, metadata under {@code metadata}) and one per trace with the current value of each assessment
 * under {@code values}. Comparisons never match a document that lacks the field, {@code !=} included, as in SQL.
 * Every form used here behaves the same on MongoDB and on the embedded server.
 */
public final class MongoFilters {

    public static final String ASSESSMENT_VALUES = "values";

    private MongoFilters() {
    }

    /** The conditions on the feedback document, one per comparison; the assessment conditions are left out. */
    public static List<Bson> feedback(SearchFilter filter) {
        return filter.on(FieldRef.Source.FEEDBACK).stream()
                .map(c -> comparison(StoredKeys.path(c.field().path()), c))
                .toList();
    }

    /** The conditions on a trace's assessments, or null when the filter names no assessment. */
    public static Bson assessments(SearchFilter filter) {
        List<Comparison> comparisons = filter.on(FieldRef.Source.ASSESSMENT);
        return comparisons.isEmpty() ? null : all(comparisons.stream()
                .map(c -> comparison(ASSESSMENT_VALUES + "." + StoredKeys.path(c.field().path()), c))
                .toList());
    }

    /** The keyset condition of the page after {@code token}: strictly older, or as old with a smaller id. */
    public static Bson after(PageToken token) {
        Date at = Date.from(token.timestamp());
        return Filters.or(Filters.lt("timestamp", at),
                Filters.and(Filters.eq("timestamp", at), Filters.lt("_id", token.feedbackId())));
    }

    /** All of the conditions; none matches everything. */
    public static Bson all(List<Bson> conditions) {
        return switch (conditions.size()) {
            // {$and: []} is an error on MongoDB
            case 0 -> new BsonDocument();
            case 1 -> conditions.get(0);
            default -> Filters.and(conditions);
        };
    }

    static Bson comparison(String path, Comparison c) {
        Object value = bson(c.value());
        return switch (c.operator()) {
            case EQ -> Filters.eq(path, value);
            case NE -> Filters.and(Filters.exists(path), Filters.ne(path, value));
            case LT -> Filters.lt(path, value);
            case LE -> Filters.lte(path, value);
            case GT -> Filters.gt(path, value);
            case GE -> Filters.gte(path, value);
            // The embedded server also matches a regex against numbers; MongoDB only against strings.
            case LIKE, ILIKE -> Filters.and(Filters.type(path, "string"), Filters.regex(path,
                    ((LikePattern) c.value()).toRegex(), c.operator() == Operator.ILIKE ? "si" : "s"));
            case IN -> Filters.in(path, c.values().stream().map(MongoFilters::bson).toList());
        };
    }

    private static Object bson(Object value) {
        return value instanceof Instant instant ? Date.from(instant) : value;
    }
}
