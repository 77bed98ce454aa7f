package dev.feedbackloop.support.serialization;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Instants in stored events, written and read exactly as {@link java.time.format.DateTimeFormatter#ISO_INSTANT} does
 * ({@code 2026-12-06T08:40:17.123Z}: UTC, and 0, 3, 6 or 9 digits of fraction), without the formatter's generic
 * machinery. A trace's event holds several instants, and parsing them through the formatter was 17 % of opening it
 * (JFR at 5,000 OTLP spans/s). Text of any other shape (an offset, a year beyond 9999) and numbers are read by
 * Jackson's own deserializer, so everything read before still reads the same.
 */
final class IsoInstants {

    private static final long SECONDS_PER_DAY = 86_400;

    private IsoInstants() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("platform-instants");
        module.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(format(value));
            }
        });
        module.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_STRING) {
                    Instant parsed = parse(p.getText());
                    if (parsed != null) {
                        return parsed;
                    }
                }
                return InstantDeserializer.INSTANT.deserialize(p, ctxt);
            }
        });
        return module;
    }

    /** What {@code DateTimeFormatter.ISO_INSTANT.format(instant)} gives. */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        LocalDate date;
        try {
            date = LocalDate.ofEpochDay(day);
        } catch (DateTimeException e) {
            return instant.toString();
        }
        if (date.getYear() < 0 || date.getYear() > 9999) {
            return instant.toString();
        }
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        int nano = instant.getNano();
        char[] out = new char[30];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int end = 19;
        if (nano != 0) {
            out[end++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(out, end, nano / 1_000_000, 3);
                end += 3;
            } else if (nano % 1_000 == 0) {
                digits(out, end, nano / 1_000, 6);
                end += 6;
            } else {
                digits(out, end, nano, 9);
                end += 9;
            }
        }
        out[end++] = 'Z';
        return new String(out, 0, end);
    }

    /**
     * The instant of {@code yyyy-MM-ddTHH:mm:ss[.f]Z} (1 to 9 digits of fraction); {@code null} for text of any other
     * shape, left to the general parser. Out-of-range fields (month 13, hour 24, second 60) are another shape too.
     */
    static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nano = 0;
        if (length > 20) {
            int digits = length - 21;
            if (text.charAt(19) != '.' || digits < 1 || digits > 9) {
                return null;
            }
            nano = number(text, 20, digits);
            if (nano < 0) {
                return null;
            }
            for (int i = digits; i < 9; i++) {
                nano *= 10;
            }
        } else if (length != 20) {
            return null;
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nano);
    }

    /** The decimal number of {@code count} digits at {@code from}; -1 when one of them is not a digit. */
    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(char[] out, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
