package dev.feedbackloop.support.rules;

import java.util.List;

/** A rule file that cannot be read or is not valid; the message lists every problem, one a line. */
public class RuleBookException extends IllegalStateException {

    private final List<String> problems;

    public RuleBookException(String source, List<String> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in trigger rules " + source
                + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public RuleBookException(String message) {
        this(message, (Throwable) null);
    }

    public RuleBookException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** Each problem as {@code rule 'name' (#n): field.path: what is wrong}. */
    public List<String> problems() {
        return problems;
    }
}
