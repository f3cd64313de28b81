package dev.heapwise.it.workloads;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.heapwise.it.workloads.jackson.JacksonExercises;
import dev.heapwise.it.workloads.jackson.Order;
import dev.heapwise.it.workloads.jackson.Orders;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * JSON round-trips with jackson-databind. One benchmark operation serialises an order (a bean holding
 * records, collections, big numbers, polymorphic values), parses it back, and reads and rewrites it as
 * a tree. The digest exercise goes wider: typed lists, untyped maps, root-value sequences, pretty
 * printing, the streaming layer, big decimals as floats, and errors with their locations.
 */
public final class JacksonWorkload implements Workload {
    private static final int POOL = 64;
    /** Four batches of ten; kept small because the correctness test samples every allocation. */
    private static final int DIGEST_ORDERS = 40;

    private final ObjectMapper mapper = new ObjectMapper();
    private Order[] orders;

    public static void main(String[] args) {
        WorkloadRunner.main(new JacksonWorkload(), args);
    }

    @Override
    public String name() {
        return "jackson";
    }

    @Override
    public void setUp() {
        orders = new Order[POOL];
        for (int i = 0; i < POOL; i++) {
            orders[i] = Orders.create(i);
        }
    }

    @Override
    public long operation(long i) throws Exception {
        byte[] json = mapper.writeValueAsBytes(orders[(int) (i % POOL)]);
        Order back = mapper.readValue(json, Order.class);
        JsonNode tree = mapper.readTree(json);
        return json.length + back.getLines().size() + mapper.writeValueAsString(tree).length();
    }

    @Override
    public void digest(Digest d) throws Exception {
        ObjectMapper sortedMaps = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        ObjectReader bigDecimals = new ObjectMapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        for (int n = 0; n < DIGEST_ORDERS; n++) {
            Order order = Orders.create(n);
            byte[] json = mapper.writeValueAsBytes(order);
            d.add(json);
            Order back = mapper.readValue(json, Order.class);
            byte[] again = mapper.writeValueAsBytes(back);
            d.add(Arrays.equals(json, again)).add(again);
            d.add(back.getStatus().done()).add(back.getPayment().getClass().getSimpleName());
            d.add(java.time.LocalDate.parse(back.getPlacedOn()).getDayOfWeek().name());
            d.add(java.time.Instant.parse(back.getPlacedAt()).getNano());
            d.add(back.getLines().get(0).getLineTotal().toPlainString());
            d.add(JacksonExercises.editTree(mapper, json));
            Map<String, Object> untyped = mapper.convertValue(order, new TypeReference<>() {
            });
            d.add(sortedMaps.writeValueAsString(untyped)).add(String.valueOf(untyped.get("customer")));
            byte[] generated = JacksonExercises.generate(mapper.getFactory(), n);
            d.add(generated).add(JacksonExercises.tokens(mapper.getFactory(), generated));
            JsonNode exact = bigDecimals.readTree(generated);
            d.add(exact.at("/numbers/5").decimalValue().toPlainString()).add(exact.at("/numbers/3").getClass().getSimpleName());
            if (n % 10 == 9) {
                digestBatch(d, n);
            }
        }
        digestErrors(d);
    }

    /** Lists through a TypeReference, a sequence of root values, arrays, and pretty printing. */
    private void digestBatch(Digest d, int last) throws Exception {
        List<Order> batch = new java.util.ArrayList<>();
        StringBuilder roots = new StringBuilder();
        for (int k = last - 9; k <= last; k++) {
            Order o = Orders.create(k);
            batch.add(o);
            roots.append(mapper.writeValueAsString(o)).append('\n');
        }
        String list = mapper.writeValueAsString(batch);
        List<Order> read = mapper.readValue(list, new TypeReference<>() {
        });
        d.add(mapper.writeValueAsString(read).equals(list)).add(read.size());
        try (MappingIterator<Order> it = mapper.readerFor(Order.class).readValues(roots.toString())) {
            while (it.hasNextValue()) {
                d.add(it.nextValue().getId());
            }
        }
        Order[] array = mapper.readValue(list, Order[].class);
        d.add(array.length).add(array[array.length - 1].getCustomer().name());
        d.add(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array[0]));
        int[][] grid = mapper.readValue("[[1,2,3],[],[4]]", int[][].class);
        d.add(Arrays.deepToString(grid));
    }

    /** Malformed input, wrong types and an unknown subtype: each error's class and located message. */
    private void digestErrors(Digest d) {
        List<String> bad = List.of("{\"id\": 1,", "{\"id\": \"x\"}", "[1, 2", "{\"payment\": {\"kind\": \"cash\"}}",
                "{\"lines\": [{\"quantity\": {}}]}", "{\"unknownField\": true}", "nul");
        for (String text : bad) {
            try {
                d.add(mapper.readValue(text, Order.class).getId());
            } catch (JsonProcessingException e) {
                d.add(e.getClass().getSimpleName()).add(e.getOriginalMessage());
                d.add(e.getLocation() == null ? -1 : e.getLocation().getColumnNr());
            }
        }
    }
}
