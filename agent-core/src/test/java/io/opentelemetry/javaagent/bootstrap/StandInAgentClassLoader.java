package io.opentelemetry.javaagent.bootstrap;

/** For ClassFilterTest: a loader of another agent's package, as the OpenTelemetry agent loads what it bundles. */
public class StandInAgentClassLoader extends ClassLoader {
    public StandInAgentClassLoader(ClassLoader parent) {
        super(parent);
    }
}
