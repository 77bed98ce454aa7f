package dev.feedbackloop.support.readmodel;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;

/**
 * The value type of the embedded server's collections: a document is written to its page as BSON, the encoding it
 * arrived in over the wire and leaves in again, instead of H2's default Java serialisation (which the commit, under
 * the store's exclusive lock, spent most of its time in). A value starts with a tag byte that H2's
 * {@link ObjectDataType} never writes, so pages written before this type are still read, by that type.
 */
final class DocumentValueType extends ObjectDataType {

    /** Not a tag of {@link ObjectDataType} (it uses 0-19, 32-49 and 64-119). */
    static final byte BSON = 126;

    private static final int INITIAL_SIZE_ESTIMATE = 512;
    private static final int HEAP_PER_ENCODED_BYTE = 2;

    /** A running average of the encoded size, H2's own estimate of a value's memory for page splitting. */
    private volatile int averageSize = INITIAL_SIZE_ESTIMATE;

    /**
     * What H2 counts for a document against its page cache (16 MB by default) and its page splits. Before this
     * type it counted the Java-serialised size, 2.2 times the BSON of a typical feedback document (963 and 434
     * bytes); twice the BSON size keeps the cache's heap and the pages' fill as they were. A decoded document takes
     * more heap than either, so the encoded size alone would let the cache hold twice the heap it held before.
     */
    @Override
    public int getMemory(Object value) {
        return value instanceof Document ? HEAP_PER_ENCODED_BYTE * averageSize : super.getMemory(value);
    }

    @Override
    public void write(WriteBuffer buff, Object value) {
        if (!(value instanceof Document document)) {
            super.write(buff, value);
            return;
        }
        ByteBuf bson = Unpooled.buffer(averageSize + 64);
        try {
            BsonEncoder.encodeDocument(document, bson);
            int size = bson.readableBytes();
            buff.put(BSON);
            buff.put(bson.array(), bson.arrayOffset() + bson.readerIndex(), size);
            averageSize = (averageSize * 15 + size) / 16;
        } finally {
            bson.release();
        }
    }

    @Override
    public Object read(ByteBuffer buff) {
        int start = buff.position();
        if (buff.get(start) != BSON) {
            return super.read(buff);
        }
        int length = (buff.get(start + 1) & 0xff) | (buff.get(start + 2) & 0xff) << 8
                | (buff.get(start + 3) & 0xff) << 16 | (buff.get(start + 4) & 0xff) << 24;
        ByteBuf bson = Unpooled.wrappedBuffer(buff.slice(start + 1, length));
        Document document = BsonDecoder.decodeBson(bson);
        buff.position(start + 1 + length);
        return document;
    }
}
