package dev.heapwise.it.apps;

import java.io.InputStream;

/** The bytes of {@link Enhanced$$00000000}, read once: what the {@code generated} leak and {@code scripts} define. */
final class ClassTemplate {
    private static byte[] bytes;

    private ClassTemplate() {
    }

    static synchronized byte[] bytes() throws Exception {
        if (bytes == null) {
            try (InputStream in = ClassTemplate.class.getResourceAsStream("Enhanced$$00000000.class")) {
                bytes = in.readAllBytes();
            }
        }
        return bytes;
    }
}
