-- Daily revenue per product from the order events in Kafka (the gateway's event envelopes).
-- Spark SQL, run by the batch runner: every Kafka partition is a map task computing partial
-- aggregates; the merge replaces the run date's partition of daily_product_revenue in MySQL in
-- the transaction that records the run, so running a day again never counts an order twice.
CREATE TABLE orders (orderId STRING, customerId STRING, product STRING, unitPrice DECIMAL(10, 2), quantity INT, ts TIMESTAMP)
USING kafka OPTIONS (subscribe '${topic}', startingOffsets 'earliest', endingOffsets 'latest', format 'sluice-envelope');

CREATE TABLE daily_product_revenue (report_date DATE, product STRING, orders BIGINT, units BIGINT, revenue DECIMAL(20, 2))
USING jdbc PARTITIONED BY (report_date) OPTIONS (dbtable 'daily_product_revenue');

INSERT OVERWRITE TABLE daily_product_revenue PARTITION (report_date = '${run_date}')
SELECT product, count(*), sum(quantity), sum(unitPrice * quantity)
FROM orders
WHERE to_date(ts) = DATE '${run_date}'
GROUP BY product;
