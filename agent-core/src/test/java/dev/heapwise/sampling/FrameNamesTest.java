package dev.heapwise.sampling;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class FrameNamesTest {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private static List<String> walk(FrameNames names) {
        return WALKER.walk(s -> s.limit(6).map(names::of).collect(Collectors.toList()));
    }

    private static List<String> walkFresh() {
        return WALKER.walk(s -> s.limit(6).map(FrameNames::format).collect(Collectors.toList()));
    }

    private static List<String> fromLineA(FrameNames names) {
        return walk(names);
    }

    private static List<String> fromLineB(FrameNames names) {
        return walk(names);
    }

    @Test
    void rememberedFramesReadAsFreshOnesAndTellCallSitesApart() {
        FrameNames names = new FrameNames(1000);
        List<List<String>> a = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            a.add(fromLineA(names));
        }
        List<String> a1 = a.get(0);
        assertThat(a.get(1)).as("the same call path, remembered").isEqualTo(a1);
        assertThat(names.size()).as("the second walk added nothing").isEqualTo(6);
        List<String> b1 = fromLineB(names);
        assertThat(names.size()).as("fromLineB, and the test method at another line").isEqualTo(8);
        assertThat(a1.get(0)).startsWith("dev.heapwise.sampling.FrameNamesTest.walk(FrameNamesTest.java:");
        assertThat(a1.get(1)).startsWith("dev.heapwise.sampling.FrameNamesTest.fromLineA(FrameNamesTest.java:");
        assertThat(b1.get(1)).startsWith("dev.heapwise.sampling.FrameNamesTest.fromLineB(FrameNamesTest.java:");
        assertThat(a1.get(2)).as("one test method, two lines").isNotEqualTo(b1.get(2));
        assertThat(walkFresh().get(0)).startsWith("dev.heapwise.sampling.FrameNamesTest.walkFresh(FrameNamesTest.java:");
    }

    @Test
    void aFramesTypeIsNeverResolved() {
        // on JDK 25 a frame's descriptor resolves the method's type, loading the classes it names: taken while a
        // class loads, that loaded it again on the same thread (a LinkageError in the application's class loading)
        StackWalker.StackFrame real = WALKER.walk(s -> s.findFirst()).orElseThrow();
        StackWalker.StackFrame frame = org.mockito.Mockito.mock(StackWalker.StackFrame.class, invocation -> {
            String name = invocation.getMethod().getName();
            if (name.equals("getDescriptor") || name.equals("getMethodType")) {
                throw new AssertionError(name + " resolves the method's type");
            }
            return invocation.getMethod().invoke(real, invocation.getArguments());
        });
        FrameNames names = new FrameNames(1000);
        assertThat(names.of(frame)).isEqualTo(FrameNames.format(real)).startsWith("dev.heapwise.sampling.FrameNamesTest.");
        assertThat(names.of(frame)).as("remembered").isEqualTo(FrameNames.format(real));
        assertThat(names.size()).isEqualTo(1);
    }

    @Test
    void beyondItsBoundFramesAreFormattedAfreshNotRemembered() {
        FrameNames names = new FrameNames(3);
        List<List<String>> walks = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            walks.add(walk(names));
        }
        assertThat(names.size()).isEqualTo(3);
        assertThat(walks.get(1)).isEqualTo(walks.get(0)).hasSize(6);
    }
}
