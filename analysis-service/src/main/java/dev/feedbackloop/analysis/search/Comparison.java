package dev.feedbackloop.analysis.search;

import java.util.List;

/**
 * One {@code field op value} of a filter, its values already of the field's type: strings, longs, doubles,
 * booleans, instants (for timestamps) or a {@link LikePattern}. {@code IN} has one value per list item, every
 * other operator exactly one. {@code position} is where the operator starts.
 */
public record Comparison(FieldRef field, Operator operator, List<Object> values, int position) {

    public Comparison {
        values = List.copyOf(values);
    }

    public Object value() {
        return values.get(0);
    }
}
