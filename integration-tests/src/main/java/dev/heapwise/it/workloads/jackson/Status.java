package dev.heapwise.it.workloads.jackson;

/** An enum with a constant-specific body, written by name. */
public enum Status {
    NEW, PAID, SHIPPED {
        @Override
        public boolean done() {
            return true;
        }
    }, CANCELLED;

    public boolean done() {
        return false;
    }
}
