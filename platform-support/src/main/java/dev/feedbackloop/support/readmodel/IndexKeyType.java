package dev.feedbackloop.support.readmodel;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * The key type of the embedded server's unique indexes (the `_id` index of every collection among them).
 * <p>
 * Their keys ({@link KeyValue}) are not {@link Comparable}, so H2's default {@link ObjectDataType} orders them by
 * comparing their Java serialisations: every step of every B-tree search serialised two objects. A profile of
 * the ingestion benchmark found 17 % of all CPU samples there. This type compares the values themselves, without
 * allocating: the same keys stay equal and distinct keys stay distinct (a different class is a different key, as
 * the serialised form made it), only the order between distinct keys differs, which nothing reads.
 * <p>
 * A key of strings only (every `_id` the platform writes) is written to its page as its strings behind a tag byte
 * that {@link ObjectDataType} never writes; any other key is Java-serialised, as before. Every commit writes the
 * changed pages of the indexes, and Java serialisation of their keys was 4 % of a full rebuild's CPU samples. Keys
 * written before, Java-serialised, are read as they are.
 */
final class IndexKeyType extends ObjectDataType {

    static final IndexKeyType INSTANCE = new IndexKeyType();

    /** Not a tag of {@link ObjectDataType} (it uses 0-19, 32-49 and 64-119), nor {@link DocumentValueType#BSON}. */
    static final byte STRINGS = 125;

    private IndexKeyType() {
    }

    @Override
    public void write(WriteBuffer buff, Object value) {
        if (!(value instanceof KeyValue key) || !onlyStrings(key)) {
            super.write(buff, value);
            return;
        }
        buff.put(STRINGS).putVarInt(key.size());
        for (Object text : key) {
            String string = (String) text;
            buff.putVarInt(string.length()).putStringData(string, string.length());
        }
    }

    @Override
    public Object read(ByteBuffer buff) {
        if (buff.get(buff.position()) != STRINGS) {
            return super.read(buff);
        }
        buff.get();
        Object[] values = new Object[DataUtils.readVarInt(buff)];
        for (int i = 0; i < values.length; i++) {
            values[i] = DataUtils.readString(buff, DataUtils.readVarInt(buff));
        }
        return new KeyValue(values);
    }

    /**
     * What H2 counts for a key against its page cache and its page splits: about its heap. A Java-serialised key was
     * counted by the running average of its serialised size, which keys written as strings no longer update.
     */
    @Override
    public int getMemory(Object value) {
        if (!(value instanceof KeyValue key) || !onlyStrings(key)) {
            return super.getMemory(value);
        }
        int memory = 48;
        for (Object text : key) {
            memory += 48 + ((String) text).length();
        }
        return memory;
    }

    private static boolean onlyStrings(KeyValue key) {
        for (Object value : key) {
            if (!(value instanceof String)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            return compareSequences(left.iterator(), right.iterator());
        }
        return compareValues(a, b);
    }

    static int compareValues(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        if (a == null || b == null) {
            return a == null ? -1 : 1;
        }
        int byKind = Integer.compare(kind(a), kind(b));
        if (byKind != 0) {
            return byKind;
        }
        if (a instanceof Map<?, ?> left) {
            return compareMaps(left, (Map<?, ?>) b);
        }
        if (a instanceof Collection<?> left) {
            return compareSequences(left.iterator(), ((Collection<?>) b).iterator());
        }
        if (a.getClass() != b.getClass()) {
            return a.getClass().getName().compareTo(b.getClass().getName());
        }
        if (a instanceof byte[] left) {
            return Arrays.compare(left, (byte[]) b);
        }
        if (a instanceof Comparable<?> && !(a instanceof java.math.BigDecimal)) {
            @SuppressWarnings("unchecked")
            Comparable<Object> comparable = (Comparable<Object>) a;
            return comparable.compareTo(b);
        }
        // Rare key types (binary data, regular expressions, BigDecimal whose compareTo ignores the scale): their
        // serialised forms, as before.
        return compareNotNull(serialize(a), serialize(b));
    }

    private static int kind(Object value) {
        if (value instanceof Map<?, ?>) {
            return 1;
        }
        if (value instanceof Collection<?>) {
            return 2;
        }
        return 3;
    }

    private static int compareMaps(Map<?, ?> a, Map<?, ?> b) {
        Iterator<? extends Map.Entry<?, ?>> left = a.entrySet().iterator();
        Iterator<? extends Map.Entry<?, ?>> right = b.entrySet().iterator();
        while (left.hasNext() && right.hasNext()) {
            Map.Entry<?, ?> l = left.next();
            Map.Entry<?, ?> r = right.next();
            int byKey = compareValues(l.getKey(), r.getKey());
            if (byKey != 0) {
                return byKey;
            }
            int byValue = compareValues(l.getValue(), r.getValue());
            if (byValue != 0) {
                return byValue;
            }
        }
        return Boolean.compare(left.hasNext(), right.hasNext());
    }

    private static int compareSequences(Iterator<?> left, Iterator<?> right) {
        while (left.hasNext() && right.hasNext()) {
            int byValue = compareValues(left.next(), right.next());
            if (byValue != 0) {
                return byValue;
            }
        }
        return Boolean.compare(left.hasNext(), right.hasNext());
    }
}
