package dev.heapwise.it.workloads;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The wider SQL surface of {@link H2Workload}'s digest: each query's rows, each error's code and state. */
final class H2Queries {
    private static final List<String> QUERIES = List.of(
            // window functions
            "SELECT customer_id, id, total, RANK() OVER (PARTITION BY customer_id ORDER BY total DESC, id) AS rnk,"
                    + " SUM(total) OVER (PARTITION BY customer_id ORDER BY id) AS running FROM order_total"
                    + " WHERE customer_id < 10 ORDER BY customer_id, id",
            // recursive common table expression
            "WITH RECURSIVE fib(n, a, b) AS (SELECT 1, CAST(0 AS BIGINT), CAST(1 AS BIGINT) UNION ALL"
                    + " SELECT n + 1, b, a + b FROM fib WHERE n < 60) SELECT n, a FROM fib ORDER BY n",
            // outer join with nulls, CASE, string functions
            "SELECT c.id, UPPER(c.name), COALESCE(c.city, '(none)'), CASE WHEN c.vip THEN 'vip' ELSE 'std' END,"
                    + " COUNT(o.id), SUBSTRING(c.name, 1, 4) || '-' || LENGTH(c.name) FROM customer c"
                    + " LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.name, c.city, c.vip ORDER BY c.id",
            // subqueries: IN, EXISTS, scalar
            "SELECT p.sku, p.price, (SELECT COUNT(*) FROM order_line l WHERE l.product_id = p.id) AS used FROM product p"
                    + " WHERE p.id IN (SELECT product_id FROM order_line WHERE qty > 7) AND NOT EXISTS"
                    + " (SELECT 1 FROM order_line l2 WHERE l2.product_id = p.id AND l2.qty = 1) ORDER BY p.sku",
            // aggregates with HAVING, dates and intervals
            "SELECT category, COUNT(*), MIN(price), MAX(price), AVG(price), STDDEV_POP(price) FROM product"
                    + " GROUP BY category HAVING COUNT(*) > 1 ORDER BY category",
            "SELECT EXTRACT(YEAR FROM joined), EXTRACT(MONTH FROM joined), COUNT(*), DATEADD(DAY, 30, MAX(joined))"
                    + " FROM customer GROUP BY EXTRACT(YEAR FROM joined), EXTRACT(MONTH FROM joined) ORDER BY 1, 2",
            "SELECT status, COUNT(*), MIN(placed), MAX(placed) FROM orders GROUP BY status ORDER BY status",
            // arrays, JSON, regular expressions
            "SELECT ARRAY_AGG(sku ORDER BY id), CARDINALITY(ARRAY_AGG(id)) FROM product WHERE id < 12",
            "SELECT JSON_OBJECT('id': id, 'sku': sku, 'price': price) FROM product WHERE id BETWEEN 20 AND 25 ORDER BY id",
            "SELECT REGEXP_REPLACE(name, '[0-9]+', '#'), LISTAGG(CAST(id AS VARCHAR), ',') WITHIN GROUP (ORDER BY id)"
                    + " FROM customer WHERE id < 30 GROUP BY REGEXP_REPLACE(name, '[0-9]+', '#')",
            "SELECT * FROM (VALUES (1, 'one'), (2, 'two'), (3, NULL)) AS t(n, word) ORDER BY n DESC");

    private static final List<String> FAILING = List.of(
            "INSERT INTO product VALUES (1, 'dup', 1.00, 'x')", // primary key
            "INSERT INTO product VALUES (1000, 'SKU-1', 1.00, 'x')", // unique
            "INSERT INTO product VALUES (1001, 'neg', -1.00, 'x')", // check
            "INSERT INTO order_line VALUES (-1, 0, 0, 1)", // foreign key
            "SELECT no_such_column FROM product", // syntax / unknown column
            "SELECT 1 / 0");

    private H2Queries() {
    }

    static void digest(Connection db, Digest d) throws SQLException {
        try (Statement s = db.createStatement()) {
            for (String q : QUERIES) {
                try (ResultSet r = s.executeQuery(q)) {
                    H2Workload.digestRows(d, r);
                }
            }
            for (String q : FAILING) {
                try {
                    s.execute(q);
                    d.add("no error: " + q);
                } catch (SQLException e) {
                    d.add(e.getErrorCode()).add(e.getSQLState());
                }
            }
            d.add(s.executeUpdate("MERGE INTO customer KEY(id) VALUES (5, 'Renamed', 'Chur', TRUE, DATE '2021-05-05'),"
                    + " (9999, 'New', NULL, FALSE, DATE '2022-02-02')"));
            s.execute("CREATE SEQUENCE seq START WITH 100 INCREMENT BY 7");
            try (ResultSet r = s.executeQuery("SELECT NEXT VALUE FOR seq, NEXT VALUE FOR seq")) {
                H2Workload.digestRows(d, r);
            }
        }
        H2Workload.savepointRollback(db, d);
        try (PreparedStatement p = db.prepareStatement("SELECT ? || '!', CAST(? AS BIGINT) + 1, ?")) {
            Array ids = db.createArrayOf("INTEGER", new Integer[]{3, 1, 2});
            p.setString(1, "héllo");
            p.setLong(2, Long.MAX_VALUE - 1);
            p.setArray(3, ids);
            try (ResultSet r = p.executeQuery()) {
                H2Workload.digestRows(d, r);
            }
        }
        DatabaseMetaData meta = db.getMetaData();
        try (ResultSet r = meta.getColumns(null, "PUBLIC", "ORDER_LINE", null)) {
            while (r.next()) {
                d.add(r.getString("COLUMN_NAME")).add(r.getString("TYPE_NAME")).add(r.getInt("ORDINAL_POSITION"));
            }
        }
        db.rollback();
    }
}
