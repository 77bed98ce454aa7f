package dev.feedbackloop.support.web;

import java.util.ArrayList;
import java.util.List;

/** The broken rules of one request, collected so that one answer names them all. */
public class Violations {

    private final List<FieldError> errors = new ArrayList<>();

    public void add(String field, String rule, String message) {
        errors.add(new FieldError(field, rule, message));
    }

    public void add(FieldError error) {
        errors.add(error);
    }

    public int size() {
        return errors.size();
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /** A 400 problem naming every broken rule, if there is any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors());
        }
    }

    /** The violations of a nested record: fields are named under its path. */
    static final class Scoped extends Violations {
        private final Violations parent;
        private final String prefix;

        Scoped(Violations parent, String prefix) {
            this.parent = parent;
            this.prefix = prefix;
        }

        @Override
        public void add(String field, String rule, String message) {
            parent.add(RequestReader.path(prefix, field), rule, message);
        }

        @Override
        public void add(FieldError error) {
            parent.add(RequestReader.path(prefix, error.field()), error.rule(), error.message());
        }

        @Override
        public int size() {
            return parent.size();
        }

        @Override
        public boolean isEmpty() {
            return parent.isEmpty();
        }

        @Override
        public List<FieldError> errors() {
            return parent.errors();
        }
    }
}
