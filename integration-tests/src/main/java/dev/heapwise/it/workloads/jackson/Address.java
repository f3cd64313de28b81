package dev.heapwise.it.workloads.jackson;

/** A record nested in another record: Jackson builds both through their canonical constructors. */
public record Address(String street, String city, String postcode, String country) {
}
