package dev.feedbackloop.support.store;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.ReadEventDataWithGapsStatementBuilder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * The read of the events after a tracking token that still waits for some lower positions (gaps: events committed
 * late, or never), in a shape both stores answer from the primary key.
 *
 * <p>Axon asks {@code WHERE (globalIndex > ? AND globalIndex <= ?) OR globalIndex IN (gaps) ORDER BY globalIndex}.
 * H2 cannot use an index for that disjunction and walks the whole event table on every such read: the store's reader
 * (every processor's live feed) paid a scan of every stored event per read whenever writers committed out of order,
 * and a gap that never fills (an append rolled back) stays in the token until the head is 10,000 events past it.
 * As a union of the range and the list each part is an index lookup, on H2 and on PostgreSQL alike, and the rows
 * are the same: every gap lies below the token's index, so the two parts never overlap.
 */
public final class IndexedGapReads implements ReadEventDataWithGapsStatementBuilder {

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, long globalIndex, int batchSize,
                                   List<Long> gaps) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql(schema, gaps.size()));
        bind(statement, globalIndex, batchSize, gaps);
        return statement;
    }

    /** Binds {@link #sql}'s parameters: the range after {@code globalIndex}, then the gaps. */
    static void bind(PreparedStatement statement, long globalIndex, int batchSize, List<Long> gaps) throws SQLException {
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(i + 3, gaps.get(i));
        }
    }

    /** The statement for {@code gapCount} gaps: the range after the token, then the gaps, in store order. */
    static String sql(EventSchema schema, int gapCount) {
        String select = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable() + " WHERE ";
        String index = schema.globalIndexColumn();
        return select + index + " > ? AND " + index + " <= ?"
                + " UNION ALL "
                + select + index + " IN (" + String.join(",", Collections.nCopies(gapCount, "?")) + ")"
                + " ORDER BY " + index + " ASC";
    }
}
