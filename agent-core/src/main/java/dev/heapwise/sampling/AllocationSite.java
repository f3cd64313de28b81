package dev.heapwise.sampling;

/**
 * One allocation site as found at transform time: where it is and what it allocates.
 * {@code kind}: {@code object}, {@code array} or {@code multi_array}.
 */
public record AllocationSite(int id, String className, String methodName, String fileName, int line,
                             String type, String kind) {

    /** {@code com.acme.Foo.bar(Foo.java:42)}, the way a stack trace names a frame. */
    public String location() {
        String where = fileName == null ? "Unknown Source" : line > 0 ? fileName + ":" + line : fileName;
        return className + "." + methodName + "(" + where + ")";
    }
}
