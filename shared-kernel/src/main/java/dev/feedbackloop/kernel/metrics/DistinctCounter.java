package dev.feedbackloop.kernel.metrics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A count of distinct values (users) that windows can be merged into, the fold of the {@link Metric.Fold#DISTINCT}
 * metrics: a union of the windows' counters counts the values of all of them once. Up to {@value #EXACT_LIMIT}
 * values it keeps their 64-bit hashes and is exact; past that it turns into a HyperLogLog of 2^12 one-byte registers
 * (standard error 1.6 %), so a counter never takes more than 4 KB however many values it has seen.
 */
public final class DistinctCounter {

    static final int EXACT_LIMIT = 512;
    private static final int PRECISION = 12;
    private static final int REGISTERS = 1 << PRECISION;
    private static final byte EXACT = 0;
    private static final byte ESTIMATED = 1;

    private Set<Long> hashes = new HashSet<>();
    private byte[] registers;

    /** A stable 64-bit hash of a value: the first eight bytes of its SHA-256. */
    public static long hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public DistinctCounter add(String value) {
        return value == null ? this : addHash(hash(value));
    }

    public DistinctCounter addHash(long hash) {
        if (registers == null) {
            hashes.add(hash);
            if (hashes.size() > EXACT_LIMIT) {
                estimate();
            }
        } else {
            register(hash);
        }
        return this;
    }

    public DistinctCounter add(DistinctCounter other) {
        if (other.registers == null) {
            other.hashes.forEach(this::addHash);
            return this;
        }
        if (registers == null) {
            estimate();
        }
        for (int i = 0; i < REGISTERS; i++) {
            registers[i] = (byte) Math.max(registers[i], other.registers[i]);
        }
        return this;
    }

    private void estimate() {
        registers = new byte[REGISTERS];
        hashes.forEach(this::register);
        hashes = Set.of();
    }

    private void register(long hash) {
        int index = (int) (hash >>> (64 - PRECISION));
        long rest = hash << PRECISION;
        int rank = Math.min(Long.numberOfLeadingZeros(rest), 64 - PRECISION) + 1;
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    public boolean isExact() {
        return registers == null;
    }

    public long count() {
        if (registers == null) {
            return hashes.size();
        }
        double sum = 0;
        int zeros = 0;
        for (byte r : registers) {
            sum += Math.scalb(1.0, -r);
            if (r == 0) {
                zeros++;
            }
        }
        double alpha = 0.7213 / (1 + 1.079 / REGISTERS);
        double raw = alpha * REGISTERS * REGISTERS / sum;
        if (raw <= 2.5 * REGISTERS && zeros > 0) {
            return Math.round(REGISTERS * Math.log((double) REGISTERS / zeros));
        }
        return Math.round(raw);
    }

    /** The counter as bytes for storing: a tag, then the sorted hashes or the registers. */
    public byte[] toBytes() {
        if (registers != null) {
            byte[] out = new byte[1 + REGISTERS];
            out[0] = ESTIMATED;
            System.arraycopy(registers, 0, out, 1, REGISTERS);
            return out;
        }
        long[] sorted = hashes.stream().mapToLong(Long::longValue).sorted().toArray();
        ByteBuffer out = ByteBuffer.allocate(1 + 8 * sorted.length).put(EXACT);
        for (long h : sorted) {
            out.putLong(h);
        }
        return out.array();
    }

    public static DistinctCounter fromBytes(byte[] bytes) {
        DistinctCounter counter = new DistinctCounter();
        if (bytes == null || bytes.length == 0) {
            return counter;
        }
        if (bytes[0] == ESTIMATED && bytes.length == 1 + REGISTERS) {
            counter.registers = Arrays.copyOfRange(bytes, 1, bytes.length);
            counter.hashes = Set.of();
            return counter;
        }
        if (bytes[0] != EXACT || (bytes.length - 1) % 8 != 0) {
            throw new IllegalArgumentException("not a stored distinct counter");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        while (in.hasRemaining()) {
            counter.addHash(in.getLong());
        }
        return counter;
    }
}
