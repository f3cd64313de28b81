package dev.heapwise.instrument;

import dev.heapwise.vm.DiagnosticCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the rewriter's own code (Byte Buddy and ASM inside the agent jar, and this package) out of C2, the JIT's
 * optimising compiler. An application that loads many classes makes that code hot, and C2 then spent more CPU
 * compiling it than the rewriting itself took: a Kotlin compiler run (8,900 classes rewritten) spent 20.9 s of
 * C2 time on the agent's methods (ASM's {@code ClassReader.readCode} alone, 2.2 s for one compilation), against
 * 7.3 s of C2 time in all without the agent. Left to C1, that code runs a little slower and costs a fraction to
 * compile. A compiler directive matches only the methods it names; the application's own code is untouched.
 */
public final class RewriterJitDirective {
    private static final Logger LOG = LoggerFactory.getLogger(RewriterJitDirective.class);
    static final String DIRECTIVE = "[{ match: [\"dev/heapwise/shaded/*.*\", \"dev/heapwise/instrument/*.*\"],"
            + " c2: { Exclude: true } }]";

    private RewriterJitDirective() {
    }

    /** Adds the directive; a JVM that refuses it (or has no such command) compiles as it did. Never throws. */
    public static void add() {
        Path file = null;
        try {
            file = Files.createTempFile("heapwise-jit-", ".json");
            Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
            String answer = DiagnosticCommands.compilerDirectivesAdd(file.toString());
            LOG.debug("JIT directive for the rewriter's own code: {}", answer == null ? "" : answer.trim());
        } catch (Throwable t) {
            LOG.debug("JIT directive for the rewriter's own code not added ({})", t.toString());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (Throwable ignored) {
                    // a temporary file of a few bytes
                }
            }
        }
    }
}
