package dev.heapwise.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.tools.attach.VirtualMachine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent loaded into a running JVM (the attach API, as {@code jcmd} or an attach tool would): classes
 * the application loaded and ran before are retransformed, so their allocation sites report from then
 * on, and the rest of the agent starts as it does at premain.
 */
class LateAttachIT {
    @Test
    void classesLoadedBeforeTheAttachAreRewrittenAfterIt() throws Exception {
        try (ForkedJvm child = ForkedJvm.builder("LateAttachIT").noAgent().start()) {
            // ControlledApp's command code is loaded and run before any agent exists
            child.send("alloc 2");
            child.send("drop");
            VirtualMachine vm = VirtualMachine.attach(Long.toString(child.pid()));
            try {
                vm.loadAgent(AgentJar.path().toString(), "port=0,profile=test,sampleInterval=64k,portFile="
                        + child.portFile() + ",tokenFile=" + child.tokenFile());
            } finally {
                vm.detach();
            }
            child.waitForPortFile(ForkedJvm.START_TIMEOUT);
            assertEquals("agentmain", child.getJson("status").at("/agent/attach").asText());

            child.send("alloc 64");
            JsonNode report = child.getJson("allocations?by=site&top=50");
            List<String> sites = new ArrayList<>();
            report.get("entries").forEach(e -> sites.add(e.get("site").asText() + " " + e.get("type").asText()));
            assertTrue(report.get("classes_instrumented").asLong() > 0, report.toString());
            assertTrue(sites.stream().anyMatch(s -> s.startsWith("dev.heapwise.it.apps.ControlledApp.answer(") && s.endsWith(" byte[]")),
                    "the 1 MB arrays of ControlledApp.answer, a method run before the attach, are reported: " + sites);
            long estimated = report.get("entries").get(0).get("estimated_bytes").asLong();
            assertTrue(estimated > 32L << 20, "64 MB allocated after the attach, estimated " + estimated);
            assertTrue(child.send("ping").get("pong").asBoolean(), "the application runs on");
        }
    }
}
