-- Daily revenue report over the sample orders (Spark SQL; also valid for spark-sql on a cluster).
CREATE TABLE orders (orderId STRING, customerId STRING, product STRING, unitPrice DECIMAL(10, 2), quantity INT, ts TIMESTAMP)
USING json OPTIONS (path 'orders.ndjson');

SELECT to_date(ts) AS report_date,
       product,
       count(*) AS orders,
       sum(quantity) AS units,
       sum(unitPrice * quantity) AS revenue
FROM orders
GROUP BY to_date(ts), product
ORDER BY report_date, revenue DESC;
