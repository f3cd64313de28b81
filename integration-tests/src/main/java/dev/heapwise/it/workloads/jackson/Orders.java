package dev.heapwise.it.workloads.jackson;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/** Deterministic test data: order {@code n} is the same on every run, sized and shaped by its seed. */
public final class Orders {
    private static final String[] CITIES = {"Zürich", "Québec", "München", "Łódź", "Tōkyō", "Reykjavík", "Oslo"};
    private static final String[] WORDS = {"alpha", "beta", "gamma", "delta \"quoted\"", "line\nbreak", "tab\tbed",
            "back\\slash", "emoji \uD83D\uDE00", "ctrl \u0001", "plain"};

    private Orders() {
    }

    public static Order create(long n) {
        SplittableRandom r = new SplittableRandom(0x5EED_0000L + n);
        Order o = new Order();
        o.setId(n);
        o.setStatus(Status.values()[(int) (n % Status.values().length)]);
        o.setCustomer(customer(r, n));
        int lineCount = 1 + r.nextInt(12);
        List<LineItem> lines = new ArrayList<>(lineCount);
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < lineCount; i++) {
            short[] sizes = new short[r.nextInt(4)];
            for (int k = 0; k < sizes.length; k++) {
                sizes[k] = (short) r.nextInt(-300, 300);
            }
            LineItem line = new LineItem("SKU-" + n + "-" + i, 1 + r.nextInt(20),
                    BigDecimal.valueOf(r.nextLong(1, 1_000_000), 2), sizes);
            line.putExtra("weightGrams", r.nextInt(5000));
            line.putExtra("fragile", r.nextBoolean());
            line.putExtra("note", WORDS[r.nextInt(WORDS.length)]);
            if (r.nextInt(3) == 0) {
                line.putExtra("serials", List.of(r.nextLong(1L << 40, 1L << 50), r.nextInt(1000)));
            }
            if (r.nextInt(4) == 0) {
                line.putExtra("ratio", r.nextInt(1000) / 8.0);
            }
            lines.add(line);
            total = total.add(line.getLineTotal());
        }
        o.setLines(lines);
        o.setTotal(total);
        TreeSet<String> tags = new TreeSet<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            tags.add(WORDS[r.nextInt(WORDS.length)]);
        }
        o.setTags(tags);
        TreeMap<String, String> attributes = new TreeMap<>();
        for (int i = r.nextInt(6); i > 0; i--) {
            attributes.put("attr" + r.nextInt(20), WORDS[r.nextInt(WORDS.length)] + r.nextInt(100));
        }
        o.setAttributes(attributes);
        Map<String, List<Integer>> buckets = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            List<Integer> values = new ArrayList<>();
            for (int k = r.nextInt(6); k > 0; k--) {
                values.add(r.nextInt(-100_000, 100_000));
            }
            buckets.put("b" + i, values);
        }
        o.setBuckets(buckets);
        double[] scores = new double[r.nextInt(8)];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = r.nextInt(1_000_000) / 1024.0;
        }
        o.setScores(scores);
        int[] quantities = new int[r.nextInt(10)];
        for (int i = 0; i < quantities.length; i++) {
            quantities[i] = r.nextInt();
        }
        o.setQuantities(quantities);
        long[][] matrix = new long[r.nextInt(4)][];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = r.longs(r.nextInt(4)).toArray();
        }
        o.setMatrix(matrix);
        byte[] signature = new byte[r.nextInt(48)];
        r.nextBytes(signature);
        o.setSignature(signature);
        o.setReference(new BigInteger(130, new java.util.Random(n)).negate().add(BigInteger.valueOf(n)));
        o.setPlacedOn(LocalDate.ofEpochDay(18_000 + n % 5000).toString());
        o.setPlacedAt(Instant.ofEpochSecond(1_700_000_000L + n * 3571, (n * 7919) % 1_000_000_000).toString());
        o.setPriority((char) ('A' + n % 26));
        o.setDiscountCents(n % 3 == 0 ? null : r.nextLong(0, 10_000));
        o.setPayment(payment(r, n));
        List<Payment> refunds = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            refunds.add(payment(r, n + i));
        }
        o.setRefunds(refunds);
        return o;
    }

    private static Customer customer(SplittableRandom r, long n) {
        List<Address> shipping = new ArrayList<>();
        for (int i = r.nextInt(3); i >= 0; i--) {
            shipping.add(address(r, i));
        }
        return new Customer(n * 31 + 7, "Customer " + WORDS[r.nextInt(WORDS.length)] + " " + n,
                "c" + n + "@example.org", address(r, -1), shipping, r.nextBoolean());
    }

    private static Address address(SplittableRandom r, int i) {
        return new Address(r.nextInt(1, 400) + " Main St" + (i < 0 ? "" : " #" + i), CITIES[r.nextInt(CITIES.length)],
                String.format("%05d", r.nextInt(100_000)), i % 2 == 0 ? "CH" : "DE");
    }

    private static Payment payment(SplittableRandom r, long n) {
        return switch ((int) (n % 3)) {
            case 0 -> new Payment.Card("Holder " + n, String.format("%04d", r.nextInt(10_000)), 1 + r.nextInt(12),
                    2025 + r.nextInt(8));
            case 1 -> new Payment.Transfer("CH93" + r.nextLong(1_000_000_000L, 9_999_999_999L),
                    BigDecimal.valueOf(r.nextLong(), 4), List.of("ref-" + n, "batch-" + r.nextInt(50)));
            default -> new Payment.Voucher("V" + n, r.nextInt(100) / 4.0, Map.of("max", r.nextInt(500)));
        };
    }
}
