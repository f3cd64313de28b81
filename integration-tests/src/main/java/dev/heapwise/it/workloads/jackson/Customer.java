package dev.heapwise.it.workloads.jackson;

import java.util.List;

/** A record with a nested record and a list of them. */
public record Customer(long id, String name, String email, Address billing, List<Address> shipping, boolean vip) {
}
