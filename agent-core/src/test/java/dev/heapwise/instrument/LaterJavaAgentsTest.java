package dev.heapwise.instrument;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LaterJavaAgentsTest {
    @TempDir
    Path dir;

    @Test
    void theAgentsGivenAfterThisOneAreNamedWhateverTheirOptions() throws Exception {
        Path own = Files.createFile(dir.resolve("heapwise-agent.jar"));
        Files.createFile(dir.resolve("jacocoagent.jar"));
        List<String> args = List.of("-javaagent:" + dir.resolve("first.jar"), "-Xmx1g",
                "-javaagent:" + own + "=port=0,profile=dev", "-Dx=1",
                "-javaagent:" + dir.resolve("jacocoagent.jar") + "=destfile=a=b.exec", "-agentlib:jdwp=transport=dt_socket");
        assertThat(LaterJavaAgents.after(own, args)).containsExactly("jacocoagent.jar");
    }

    @Test
    void noneWhenThisOneIsLastOrNotFound() throws Exception {
        Path own = Files.createFile(dir.resolve("heapwise-agent.jar"));
        // JAVA_TOOL_OPTIONS' agents come first in the JVM's arguments, and load first
        assertThat(LaterJavaAgents.after(own, List.of("-javaagent:/opt/otel.jar", "-javaagent:" + own))).isEmpty();
        // the same jar given twice starts nothing new; spelled another way it is still the same file
        assertThat(LaterJavaAgents.after(own, List.of("-javaagent:" + own, "-javaagent:" + dir.resolve(".")
                .resolve("heapwise-agent.jar")))).isEmpty();
        assertThat(LaterJavaAgents.after(own, List.of("-javaagent:/opt/otel.jar"))).as("not started by a flag").isEmpty();
        assertThat(LaterJavaAgents.after(null, List.of("-javaagent:/opt/otel.jar"))).isEmpty();
    }
}
