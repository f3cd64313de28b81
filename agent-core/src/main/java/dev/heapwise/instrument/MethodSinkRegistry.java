package dev.heapwise.instrument;

/** Where method tracking registers the methods it instruments; returns each method's id, or -1 when full. */
@FunctionalInterface
public interface MethodSinkRegistry {
    int register(String className, String methodName, String descriptor);
}
