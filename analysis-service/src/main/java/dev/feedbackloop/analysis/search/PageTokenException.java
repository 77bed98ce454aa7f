package dev.feedbackloop.analysis.search;

/** A page token that was not issued by this service, or was issued for another filter. */
public class PageTokenException extends RuntimeException {

    private final String rule;

    public PageTokenException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
