package dev.heapwise.tuner;

/**
 * One way the tuner changes the JVM. A lever is a small state machine: it proposes a change from a
 * reading, and learns that its proposal was taken through {@link #taken}, in advise mode as in auto
 * mode, so that advice is given once, not on every pass.
 */
interface Lever {
    String name();

    /** What the lever does, for {@code /gc/history}'s lever list. */
    String description();

    /** Null when the lever works on the running collector and JDK; otherwise why it does not. */
    String notApplicable();

    /**
     * True for a lever whose only effect is giving committed heap back, which a heap pinned at its maximum never
     * does ({@link TunerContext#heapPinned}); the free-ratio ladder also keeps the heap from growing, so it is not one.
     */
    default boolean givesBack() {
        return true;
    }

    /** The change wanted now, or null. */
    Proposal propose(TunerReading r, TunerContext c);

    /** The proposal was applied (auto) or recorded (advise). */
    void taken(Proposal p, long nanos);

    /** Forget any state: nothing the lever did is in force any more (mode changed, flags restored). */
    void reset();

    /** A short word on the lever's state ("engaged", "rung 2 of 3", "idle"), for the lever list. */
    String state();
}
