package dev.heapwise.it.workloads;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;

/**
 * An in-memory H2 database: DDL, prepared statements, batched inserts, joins, aggregates, a view,
 * transactions. One benchmark operation is one order placed in a transaction (an insert and a batch of
 * lines), two reporting queries and a price update; old orders are deleted as it goes so the tables stay
 * the same size. The digest exercise adds the SQL surface an application touches: window functions,
 * recursive CTEs, MERGE, savepoints, constraint violations, arrays, JSON, metadata.
 */
public final class H2Workload implements Workload {
    private static final int CUSTOMERS = 200;
    private static final int PRODUCTS = 100;
    private static final int KEEP_ORDERS = 2_000;
    /** Enough orders that every customer, product and status shows up in the reports; no more, since the
     *  correctness test runs this with every allocation sampled. */
    private static final int DIGEST_OPERATIONS = 120;
    private static final java.time.LocalDateTime PLACED_BASE = java.time.LocalDateTime.of(2024, 1, 1, 0, 0);

    private Connection db;
    private PreparedStatement insertOrder;
    private PreparedStatement insertLine;
    private PreparedStatement topProducts;
    private PreparedStatement customerTotal;
    private PreparedStatement reprice;
    private PreparedStatement deleteOld;

    public static void main(String[] args) {
        WorkloadRunner.main(new H2Workload(), args);
    }

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public void setUp() throws SQLException {
        // A private in-memory database: gone when the connection closes, nothing on disk, no server threads.
        db = DriverManager.getConnection("jdbc:h2:mem:");
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE customer(id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, city VARCHAR(40),"
                    + " vip BOOLEAN NOT NULL, joined DATE NOT NULL)");
            s.execute("CREATE TABLE product(id INT PRIMARY KEY, sku VARCHAR(40) NOT NULL UNIQUE,"
                    + " price DECIMAL(12,2) NOT NULL CHECK (price > 0), category VARCHAR(20) NOT NULL)");
            s.execute("CREATE TABLE orders(id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id BIGINT NOT NULL"
                    + " REFERENCES customer(id), placed TIMESTAMP NOT NULL, status VARCHAR(12) NOT NULL, note VARCHAR(200))");
            s.execute("CREATE TABLE order_line(order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,"
                    + " line_no INT NOT NULL, product_id INT NOT NULL REFERENCES product(id), qty INT NOT NULL,"
                    + " PRIMARY KEY(order_id, line_no))");
            s.execute("CREATE INDEX ix_orders_customer ON orders(customer_id)");
            s.execute("CREATE INDEX ix_line_product ON order_line(product_id)");
            s.execute("CREATE VIEW order_total AS SELECT o.id, o.customer_id, SUM(l.qty * p.price) AS total,"
                    + " COUNT(*) AS lines FROM orders o JOIN order_line l ON l.order_id = o.id"
                    + " JOIN product p ON p.id = l.product_id GROUP BY o.id, o.customer_id");
        }
        String[] cities = {"Basel", "Bern", "Genève", "Lugano", "Zürich"};
        try (PreparedStatement c = db.prepareStatement("INSERT INTO customer VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < CUSTOMERS; i++) {
                c.setLong(1, i);
                c.setString(2, "Customer " + i);
                c.setString(3, i % 7 == 0 ? null : cities[i % cities.length]);
                c.setBoolean(4, i % 5 == 0);
                c.setObject(5, java.time.LocalDate.of(2020, 1, 1).plusDays(i * 3L));
                c.addBatch();
            }
            c.executeBatch();
        }
        try (PreparedStatement p = db.prepareStatement("INSERT INTO product VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < PRODUCTS; i++) {
                p.setInt(1, i);
                p.setString(2, "SKU-" + i);
                p.setBigDecimal(3, BigDecimal.valueOf(100 + i * 37L % 5000, 2));
                p.setString(4, List.of("tools", "books", "food", "toys").get(i % 4));
                p.addBatch();
            }
            p.executeBatch();
        }
        insertOrder = db.prepareStatement("INSERT INTO orders(customer_id, placed, status, note) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
        insertLine = db.prepareStatement("INSERT INTO order_line VALUES (?, ?, ?, ?)");
        topProducts = db.prepareStatement("SELECT p.category, p.sku, SUM(l.qty) AS units FROM orders o"
                + " JOIN order_line l ON l.order_id = o.id JOIN product p ON p.id = l.product_id"
                + " WHERE o.customer_id = ? GROUP BY p.category, p.sku ORDER BY units DESC, p.sku LIMIT 5");
        customerTotal = db.prepareStatement("SELECT COUNT(*), COALESCE(SUM(total), 0), COALESCE(MAX(lines), 0)"
                + " FROM order_total WHERE customer_id = ?");
        reprice = db.prepareStatement("UPDATE product SET price = price + ? WHERE id = ?");
        deleteOld = db.prepareStatement("DELETE FROM orders WHERE id <= ?");
        db.setAutoCommit(false);
        // Prices move up and down by one cent in turns (see operation), so CHECK (price > 0) always holds.
    }

    @Override
    public long operation(long i) throws SQLException {
        long customer = (i * 7) % CUSTOMERS;
        long order = placeOrder(customer, i);
        long acc = order;
        topProducts.setLong(1, customer);
        try (ResultSet r = topProducts.executeQuery()) {
            while (r.next()) {
                acc += r.getString(2).length() + r.getLong(3);
            }
        }
        customerTotal.setLong(1, customer);
        try (ResultSet r = customerTotal.executeQuery()) {
            r.next();
            acc += r.getLong(1) + r.getBigDecimal(2).longValue();
        }
        reprice.setBigDecimal(1, (i / PRODUCTS) % 2 == 0 ? new BigDecimal("0.01") : new BigDecimal("-0.01"));
        reprice.setInt(2, (int) (i % PRODUCTS));
        reprice.executeUpdate();
        if (order % 100 == 0 && order > KEEP_ORDERS) {
            deleteOld.setLong(1, order - KEEP_ORDERS);
            deleteOld.executeUpdate();
        }
        db.commit();
        return acc;
    }

    /** One order and its lines, inserted in the current transaction; returns the generated order id. */
    private long placeOrder(long customer, long i) throws SQLException {
        insertOrder.setLong(1, customer);
        insertOrder.setObject(2, PLACED_BASE.plusMinutes(i));
        insertOrder.setString(3, i % 3 == 0 ? "NEW" : "PAID");
        insertOrder.setString(4, i % 4 == 0 ? null : "note " + i);
        insertOrder.executeUpdate();
        long id;
        try (ResultSet keys = insertOrder.getGeneratedKeys()) {
            keys.next();
            id = keys.getLong(1);
        }
        int lines = 1 + (int) (i % 6);
        for (int n = 0; n < lines; n++) {
            insertLine.setLong(1, id);
            insertLine.setInt(2, n);
            insertLine.setInt(3, (int) ((i * 13 + n * 29) % PRODUCTS));
            insertLine.setInt(4, 1 + (int) ((i + n) % 9));
            insertLine.addBatch();
        }
        insertLine.executeBatch();
        return id;
    }

    @Override
    public void digest(Digest d) throws Exception {
        for (long i = 0; i < DIGEST_OPERATIONS; i++) {
            d.add(operation(i));
        }
        H2Queries.digest(db, d);
    }

    @Override
    public void tearDown() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    /** Every row of a result, with its column labels: values as the driver's own strings. */
    static void digestRows(Digest d, ResultSet r) throws SQLException {
        ResultSetMetaData m = r.getMetaData();
        for (int c = 1; c <= m.getColumnCount(); c++) {
            d.add(m.getColumnLabel(c)).add(m.getColumnTypeName(c));
        }
        long rows = 0;
        while (r.next()) {
            rows++;
            for (int c = 1; c <= m.getColumnCount(); c++) {
                d.add(r.getString(c));
            }
        }
        d.add(rows);
    }

    static void savepointRollback(Connection db, Digest d) throws SQLException {
        Savepoint sp = db.setSavepoint("before");
        try (Statement s = db.createStatement()) {
            d.add(s.executeUpdate("UPDATE product SET price = price * 2 WHERE category = 'food'"));
            db.rollback(sp);
            try (ResultSet r = s.executeQuery("SELECT SUM(price) FROM product WHERE category = 'food'")) {
                digestRows(d, r);
            }
        }
    }
}
