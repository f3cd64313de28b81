package dev.heapwise.it;

import dev.heapwise.it.apps.LeakScenarios;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Children running {@link LeakScenarios}' shapes side by side, each with the agent at the test profile in a 512 MB heap. */
final class ScenarioJvms {
    private ScenarioJvms() {
    }

    /**
     * Starts one child per scenario at once (named {@code test-scenario}) and waits until each one's agent
     * serves; the caller closes them. Children already started are closed when a later one fails to start.
     */
    static Map<String, ForkedJvm> startAll(String test, List<String> scenarios) {
        Map<String, ForkedJvm> children = new LinkedHashMap<>();
        try {
            for (String scenario : scenarios) {
                children.put(scenario, ForkedJvm.builder(test + "-" + scenario).mainClass(LeakScenarios.class)
                        .xmx("512m").agent(ForkedJvm.TEST_AGENT).appArgs(scenario).start());
            }
            children.values().forEach(c -> c.waitForPortFile(ForkedJvm.START_TIMEOUT));
            return children;
        } catch (RuntimeException | Error e) {
            children.values().forEach(ForkedJvm::close);
            throw e;
        }
    }
}
