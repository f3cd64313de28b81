package dev.heapwise.it.workloads.jackson;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * A mutable bean (setters, a no-argument constructor) holding every shape the workload round-trips:
 * nested records, lists, sorted sets and maps, a map of lists, primitive arrays, base64 bytes, big
 * numbers, dates as ISO strings, a char, a nullable boxed number, polymorphic values and a 2-D array.
 * Properties are written in alphabetical order so the bytes never depend on reflection's field order.
 */
@JsonPropertyOrder(alphabetic = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Order {
    private long id;
    private Status status;
    private Customer customer;
    private List<LineItem> lines;
    private SortedSet<String> tags;
    private SortedMap<String, String> attributes;
    private Map<String, List<Integer>> buckets;
    private double[] scores;
    private int[] quantities;
    private long[][] matrix;
    private byte[] signature;
    private BigDecimal total;
    private BigInteger reference;
    private String placedOn;
    private String placedAt;
    private char priority;
    private Long discountCents;
    private Payment payment;
    private List<Payment> refunds;

    public long getId() {
        return id;
    }

    public void setId(long id) {
        this.id = id;
    }

    public Status getStatus() {
        return status;
    }

    public void setStatus(Status status) {
        this.status = status;
    }

    public Customer getCustomer() {
        return customer;
    }

    public void setCustomer(Customer customer) {
        this.customer = customer;
    }

    public List<LineItem> getLines() {
        return lines;
    }

    public void setLines(List<LineItem> lines) {
        this.lines = lines;
    }

    public SortedSet<String> getTags() {
        return tags;
    }

    public void setTags(SortedSet<String> tags) {
        this.tags = tags;
    }

    public SortedMap<String, String> getAttributes() {
        return attributes;
    }

    public void setAttributes(SortedMap<String, String> attributes) {
        this.attributes = attributes;
    }

    public Map<String, List<Integer>> getBuckets() {
        return buckets;
    }

    public void setBuckets(Map<String, List<Integer>> buckets) {
        this.buckets = buckets;
    }

    public double[] getScores() {
        return scores;
    }

    public void setScores(double[] scores) {
        this.scores = scores;
    }

    public int[] getQuantities() {
        return quantities;
    }

    public void setQuantities(int[] quantities) {
        this.quantities = quantities;
    }

    public long[][] getMatrix() {
        return matrix;
    }

    public void setMatrix(long[][] matrix) {
        this.matrix = matrix;
    }

    public byte[] getSignature() {
        return signature;
    }

    public void setSignature(byte[] signature) {
        this.signature = signature;
    }

    public BigDecimal getTotal() {
        return total;
    }

    public void setTotal(BigDecimal total) {
        this.total = total;
    }

    public BigInteger getReference() {
        return reference;
    }

    public void setReference(BigInteger reference) {
        this.reference = reference;
    }

    public String getPlacedOn() {
        return placedOn;
    }

    public void setPlacedOn(String placedOn) {
        this.placedOn = placedOn;
    }

    public String getPlacedAt() {
        return placedAt;
    }

    public void setPlacedAt(String placedAt) {
        this.placedAt = placedAt;
    }

    public char getPriority() {
        return priority;
    }

    public void setPriority(char priority) {
        this.priority = priority;
    }

    public Long getDiscountCents() {
        return discountCents;
    }

    public void setDiscountCents(Long discountCents) {
        this.discountCents = discountCents;
    }

    public Payment getPayment() {
        return payment;
    }

    public void setPayment(Payment payment) {
        this.payment = payment;
    }

    public List<Payment> getRefunds() {
        return refunds;
    }

    public void setRefunds(List<Payment> refunds) {
        this.refunds = refunds;
    }
}
