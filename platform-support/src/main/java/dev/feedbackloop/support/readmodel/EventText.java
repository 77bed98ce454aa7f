package dev.feedbackloop.support.readmodel;

import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.kernel.common.StorableText;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/** Finds text in an event (its records, maps, lists and identifiers, walked) that a read model cannot hold. */
final class EventText {

    private static final ClassValue<Accessor[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Accessor[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Accessor[] accessors = new Accessor[components.length];
            for (int i = 0; i < components.length; i++) {
                try {
                    components[i].getAccessor().setAccessible(true);
                    accessors[i] = new Accessor(components[i].getName(),
                            MethodHandles.lookup().unreflect(components[i].getAccessor()));
                } catch (IllegalAccessException | RuntimeException e) {
                    accessors[i] = new Accessor(components[i].getName(), null);
                }
            }
            return accessors;
        }
    };

    private record Accessor(String name, MethodHandle handle) {
    }

    private EventText() {
    }

    /** Where and why the value holds unstorable text, or null. */
    static String problem(Object value) {
        return problem(value, "", 0);
    }

    private static String problem(Object value, String path, int depth) {
        if (value == null || depth > 32) {
            return null;
        }
        if (value instanceof CharSequence text) {
            String problem = StorableText.problem(text.toString());
            return problem == null ? null : (path.isEmpty() ? "" : path + " ") + problem;
        }
        if (value instanceof Identifier id) {
            return problem(id.value(), path, depth + 1);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String keyProblem = StorableText.problem(key);
                if (keyProblem != null) {
                    return path + "[" + StorableText.printable(key) + "] name " + keyProblem;
                }
                String found = problem(e.getValue(), path + "." + key, depth + 1);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                String found = problem(item, path + "[" + i++ + "]", depth + 1);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (value instanceof Record) {
            for (Accessor accessor : COMPONENTS.get(value.getClass())) {
                if (accessor.handle() == null) {
                    continue;
                }
                Object component;
                try {
                    component = accessor.handle().invoke(value);
                } catch (Throwable e) {
                    continue;
                }
                String found = problem(component, path.isEmpty() ? accessor.name() : path + "." + accessor.name(), depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
