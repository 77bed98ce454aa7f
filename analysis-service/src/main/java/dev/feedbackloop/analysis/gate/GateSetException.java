package dev.feedbackloop.analysis.gate;

import java.util.List;

/** A gate file that cannot be read or is not valid; the message lists every problem, one a line. */
public class GateSetException extends IllegalStateException {

    private final List<String> problems;

    public GateSetException(String source, List<String> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the gate file " + source
                + " (platform.gates.file):\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
