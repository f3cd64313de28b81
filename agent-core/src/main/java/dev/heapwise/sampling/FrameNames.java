package dev.heapwise.sampling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stack frame's text ({@code class.method(File.java:line)}), remembered per class: the frames of
 * sampled stacks mostly repeat, and the method's name and line identify the text. Never the frame's
 * descriptor: on JDK 25 {@code getDescriptor} resolves the method's type, which loads the classes it
 * names, and a sample taken while a class loads (inside a class loader, or another agent's transformer)
 * then loaded that class again on the same thread: a ClassCircularityError, or a LinkageError (duplicate
 * class definition) thrown into the application's own class loading. In Lucene, whose walks took
 * 100-150 us, the JVM's own frame resolution dominated and remembering saved little (115 against 117 ms
 * of walks per 15 s): the stack-walk cap ({@code maxStacksPerSecond}) is what bounds that cost. Held through a
 * ClassValue, so a remembered frame never keeps its class from unloading. At most about
 * {@code maxEntries} frames are remembered (threads racing past the check may add a few more); once
 * full, frames are formatted afresh each time.
 */
final class FrameNames {
    private final int maxEntries;
    private final AtomicInteger entries = new AtomicInteger();
    private final ClassValue<Map<String, String>> perClass = new ClassValue<>() {
        @Override
        protected Map<String, String> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    FrameNames(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The frame's text; {@code frame} comes from a walker that retains class references. */
    String of(StackWalker.StackFrame frame) {
        if (entries.get() >= maxEntries) {
            // full: not even a class's empty map is made any more, so the maps too stay within the bound
            return format(frame);
        }
        Map<String, String> known = perClass.get(frame.getDeclaringClass());
        String key = frame.getMethodName() + ':' + frame.getLineNumber();
        String text = known.get(key);
        if (text != null) {
            return text;
        }
        text = format(frame);
        if (known.putIfAbsent(key, text) == null) {
            entries.incrementAndGet();
        }
        return text;
    }

    int size() {
        return entries.get();
    }

    static String format(StackWalker.StackFrame frame) {
        String file = frame.getFileName();
        int line = frame.getLineNumber();
        return frame.getClassName() + "." + frame.getMethodName() + "("
                + (file == null ? "Unknown Source" : file + (line > 0 ? ":" + line : "")) + ")";
    }
}
