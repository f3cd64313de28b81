package dev.heapwise.leak;

import dev.heapwise.instrument.ClassFilter;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The JVM's own old-object sampler (JFR's {@code jdk.OldObjectSample}), read on demand: the survivor
 * evidence for {@link SurvivorGrowthPattern}. HotSpot samples in its allocation slow path (a new TLAB,
 * or an object too big for one), so roughly in proportion to bytes, and keeps up to 256 samples
 * (FlightRecorderOptions {@code old-object-queue-size}) weakly, preferring the ones that have stood for
 * the most allocation; a dump writes out those still alive. Sampling there is what makes it free for
 * the rewritten code: the sites pass the bridge no object, so allocations that escape analysis removes
 * stay removed (holding sampled objects from the rewritten code cost 10-18% on real workloads).
 *
 * <p>One recording with that single event, no path to GC roots ({@code cutoff} 0), bounded on disk.
 * Every {@code jdk.jfr} reference of the agent is in this class, so a runtime without the module only
 * loses this pattern. The agent's own reading allocates too: samples with an agent frame are dropped.
 */
final class OldObjectSamples implements SurvivorSource, AutoCloseable {
    static final String EVENT = "jdk.OldObjectSample";
    /** Frames kept per sample for a report. */
    private static final int STACK_FRAMES = 16;
    private static final int MAX_FILE_CACHE = 4096;

    private final Recording recording;
    private final Function<String, String> sourceFileOf;
    private final Predicate<String> application;
    private final Map<String, String> files = new HashMap<>();

    private OldObjectSamples(Recording recording, Function<String, String> sourceFileOf, Predicate<String> application) {
        this.recording = recording;
        this.sourceFileOf = sourceFileOf;
        this.application = application;
    }

    /** One sample still alive at a dump. */
    record Sample(String location, String type, Instant allocated, List<String> stack) {
    }

    /**
     * Starts the recording.
     *
     * @param sourceFileOf a class's source file name where the agent knows it (null when not): locations
     *                     read {@code class.method(File.java:line)} as the rewritten sites' do
     * @param application  the classes {@code include}/{@code exclude} choose: a sample is named at the first
     *                     of its frames in one of them (so a leak through a library is named where the
     *                     application called it), else at its first frame outside the JDK
     * @param collectors   the names of this JVM's collector beans (see {@link #refusedUnder})
     * @throws IllegalStateException when this JVM has no flight recorder (disabled, or left out of the runtime),
     *                               or runs a collector under which the sampler would hurt the application
     */
    static OldObjectSamples start(Duration keepOnDisk, Function<String, String> sourceFileOf, Predicate<String> application,
                                  List<String> collectors) {
        String refused = refusedUnder(collectors);
        if (refused != null) {
            throw new IllegalStateException(refused);
        }
        if (!FlightRecorder.isAvailable()) {
            throw new IllegalStateException("JFR is not available in this JVM");
        }
        Recording r = new Recording();
        r.setName("heapwise-survivors");
        r.enable(EVENT).withStackTrace().with("cutoff", "0 ns");
        r.setToDisk(true);
        r.setMaxAge(keepOnDisk);
        r.setMaxSize(16L << 20);
        r.start();
        return new OldObjectSamples(r, sourceFileOf, application);
    }

    /** Why surviving-allocations has no sampler: {@code why} is a refusal's words, or the failure of a start. */
    static String notUsed(Object why) {
        String words = why instanceof IllegalStateException e && e.getMessage() != null ? e.getMessage() : String.valueOf(why);
        return "JFR's old-object sampler is not used: " + words;
    }

    /**
     * Why the sampler must not run under these collectors, or null when it may. Generational ZGC clears
     * weak roots only when it collects the old generation, so every sampled object, garbage or not, is
     * kept alive (with all it references) until it has been promoted and an old collection has run:
     * memory the application had freed, and allocation stalls (JDK-8375615; JDK-8382740 disables the
     * event there). Measured here on JDK 25: copy-on-write arrays replaced within 10 ms were still
     * reported alive 20 s and four major cycles later, and named as a critical leak.
     */
    static String refusedUnder(List<String> collectors) {
        for (String name : collectors) {
            if (name.startsWith("ZGC Minor") || name.startsWith("ZGC Major")) {
                return "generational ZGC keeps JFR's sampled objects alive until an old-generation collection"
                        + " (JDK-8375615): garbage would be held for the application and reported as surviving";
            }
        }
        return null;
    }

    /** The samples alive now that were allocated before {@code bornBefore}, leaving out the agent's own. */
    @Override
    public List<Sample> read(Instant bornBefore) throws IOException {
        Path file = Files.createTempFile("heapwise-survivors-", ".jfr");
        try {
            Instant dumped = Instant.now();
            recording.dump(file);
            List<Sample> out = new ArrayList<>();
            try (RecordingFile in = new RecordingFile(file)) {
                while (in.hasMoreEvents()) {
                    RecordedEvent e = in.readEvent();
                    // each dump writes out every live sample again: only this one's count
                    if (!e.getEventType().getName().equals(EVENT) || e.getStartTime().isBefore(dumped)) {
                        continue;
                    }
                    Instant allocated = e.getInstant("allocationTime");
                    if (allocated == null || !allocated.isBefore(bornBefore)) {
                        continue;
                    }
                    RecordedThread thread = e.getThread();
                    if (thread != null && thread.getJavaName() != null && thread.getJavaName().startsWith("heapwise-")) {
                        continue; // made on one of the agent's threads
                    }
                    Sample s = sample(e, allocated);
                    if (s != null) {
                        out.add(s);
                    }
                }
            }
            return out;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private Sample sample(RecordedEvent e, Instant allocated) {
        RecordedStackTrace trace = e.getStackTrace();
        if (trace == null || trace.getFrames().isEmpty()) {
            return null;
        }
        List<RecordedFrame> frames = trace.getFrames();
        String location = null;
        String outsideJdk = null;
        List<String> stack = new ArrayList<>(Math.min(STACK_FRAMES, frames.size()));
        for (RecordedFrame f : frames) {
            if (!f.isJavaFrame()) {
                continue;
            }
            String cls = f.getMethod().getType().getName();
            if (ClassFilter.isAgent(cls)) {
                return null; // the agent's own work (this very reading, the sampler on application threads)
            }
            boolean runtime = isRuntime(cls);
            boolean firstOutsideJdk = !runtime && outsideJdk == null;
            boolean firstApplication = !runtime && location == null && application.test(cls);
            if (!firstOutsideJdk && !firstApplication && stack.size() >= STACK_FRAMES) {
                continue; // neither a site nor room in the stack: read on only for an agent frame further down
            }
            String frame = frameName(cls, f.getMethod().getName(), f.getLineNumber());
            if (firstOutsideJdk) {
                outsideJdk = frame;
            }
            if (firstApplication) {
                location = frame;
            }
            if (stack.size() < STACK_FRAMES) {
                stack.add(frame);
            }
        }
        if (stack.isEmpty()) {
            return null;
        }
        if (location == null) {
            // all in the JDK (its own threads) or in libraries outside the include patterns
            location = outsideJdk != null ? outsideJdk : stack.get(0);
        }
        return new Sample(location, typeOf(e), allocated, List.copyOf(stack));
    }

    private static String typeOf(RecordedEvent e) {
        RecordedObject object = e.getValue("object");
        RecordedClass type = object == null ? null : object.getValue("type");
        return type == null ? "?" : javaName(type.getName());
    }

    /** JFR names array types by descriptor ({@code [B}, {@code [Ljava.lang.String;}); reports use source names. */
    static String javaName(String jvmName) {
        int dims = 0;
        while (dims < jvmName.length() && jvmName.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return jvmName;
        }
        String element = switch (jvmName.substring(dims)) {
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            case "Z" -> "boolean";
            default -> {
                String rest = jvmName.substring(dims);
                yield rest.startsWith("L") && rest.endsWith(";") ? rest.substring(1, rest.length() - 1) : rest;
            }
        };
        return element + "[]".repeat(dims);
    }

    /** The JDK's own packages: a leak is named at the first frame outside them. */
    static boolean isRuntime(String cls) {
        return cls.startsWith("java.") || cls.startsWith("javax.") || cls.startsWith("jdk.") || cls.startsWith("sun.")
                || cls.startsWith("com.sun.");
    }

    private String frameName(String cls, String method, int line) {
        String file = files.get(cls);
        if (file == null) {
            String known = sourceFileOf.apply(cls);
            file = known != null ? known : guessedFile(cls);
            if (files.size() >= MAX_FILE_CACHE) {
                files.clear();
            }
            files.put(cls, file);
        }
        return cls + "." + method + "(" + file + (line > 0 ? ":" + line : "") + ")";
    }

    /** What javac would have named it: the outermost class's simple name. */
    static String guessedFile(String cls) {
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        int nested = simple.indexOf('$');
        return (nested > 0 ? simple.substring(0, nested) : simple) + ".java";
    }

    @Override
    public void close() {
        recording.close();
    }
}
