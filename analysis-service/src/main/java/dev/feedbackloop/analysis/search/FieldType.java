package dev.feedbackloop.analysis.search;

/** What a field holds, which decides the operators and values it takes. Metadata and assessments hold any JSON. */
public enum FieldType {
    STRING("strings"), NUMBER("numbers"), BOOLEAN("booleans"), TIMESTAMP("timestamps"), ANY("any JSON value");

    private final String holds;

    FieldType(String holds) {
        this.holds = holds;
    }

    String holds() {
        return holds;
    }
}
