package dev.heapwise.config;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a configuration value is read from text and shown again. Parsing throws
 * {@link IllegalArgumentException} with a message that completes "must be ...".
 */
public final class ValueType<T> {
    private final String description;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;

    private ValueType(String description, Function<String, T> parser, Function<T, String> formatter) {
        this.description = description;
        this.parser = parser;
        this.formatter = formatter;
    }

    public String description() {
        return description;
    }

    public T parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("must not be empty");
        }
        return parser.apply(text.trim());
    }

    @SuppressWarnings("unchecked")
    public String format(Object value) {
        return value == null ? "" : formatter.apply((T) value);
    }

    public static ValueType<String> text() {
        return new ValueType<>("text", s -> {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return s;
        }, s -> s);
    }

    /**
     * Text another part of the agent checks: {@code check} throws {@link IllegalArgumentException}
     * (message completing "must ...") when the text is wrong, so a bad value is a config problem.
     */
    public static ValueType<String> checkedText(String description, java.util.function.Consumer<String> check) {
        return new ValueType<>(description, s -> {
            check.accept(s);
            return s;
        }, s -> s);
    }

    public static ValueType<Integer> port() {
        return new ValueType<>("port 0-65535 (0 picks a free port)", s -> {
            int p = parseInt(s, "must be a port number 0-65535");
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("must be a port number 0-65535");
            }
            return p;
        }, String::valueOf);
    }

    public static ValueType<Integer> intRange(int min, int max) {
        String must = "must be a whole number from " + min + " to " + max;
        return new ValueType<>("integer " + min + "-" + max, s -> {
            int v = parseInt(s, must);
            if (v < min || v > max) {
                throw new IllegalArgumentException(must);
            }
            return v;
        }, String::valueOf);
    }

    /** A decimal number between {@code min} and {@code max}, e.g. a confidence of 0.99. */
    public static ValueType<Double> fraction(double min, double max) {
        String must = "must be a number from " + min + " to " + max;
        return new ValueType<>("number " + min + "-" + max, s -> {
            double v;
            try {
                v = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(must);
            }
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException(must);
            }
            return v;
        }, String::valueOf);
    }

    public static ValueType<Boolean> bool() {
        return new ValueType<>("true or false", s -> {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "true": case "yes": case "on": case "1": return Boolean.TRUE;
                case "false": case "no": case "off": case "0": return Boolean.FALSE;
                default: throw new IllegalArgumentException("must be true or false");
            }
        }, String::valueOf);
    }

    /** A duration between {@code min} and {@code max}; zero allowed only when {@code min} is zero. */
    public static ValueType<Duration> duration(Duration min, Duration max) {
        String must = "must be a duration from " + Durations.format(min) + " to " + Durations.format(max)
                + " (e.g. 500ms, 10s, 5m, 1h)";
        return new ValueType<>("duration (ms, s, m, h)", s -> {
            Duration d = Durations.parse(s, must);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(must);
            }
            return d;
        }, Durations::format);
    }

    /** A byte size between {@code min} and {@code max}. */
    public static ValueType<Long> size(long min, long max) {
        String must = "must be a size from " + Sizes.format(min) + " to " + Sizes.format(max) + " (e.g. 512k, 64m, 1g)";
        return new ValueType<>("size (k, m, g)", s -> {
            long v = Sizes.parse(s, must);
            if (v < min || v > max) {
                throw new IllegalArgumentException(must);
            }
            return v;
        }, Sizes::format);
    }

    public static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type) {
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            names.append(names.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        String must = "must be one of " + names;
        return new ValueType<>("one of " + names, s -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(s)) {
                    return e;
                }
            }
            throw new IllegalArgumentException(must);
        }, e -> e.name().toLowerCase(Locale.ROOT));
    }

    private static int parseInt(String s, String must) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(must);
        }
    }
}
