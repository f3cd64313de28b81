package dev.heapwise.it.apps;

/** A session as a server keeps one: what the {@code map} leak keeps for good and {@code server} for 30 s. */
record Session(long id, byte[] payload) {
}
